using Ariadne.Analytics.Screening;
using Ariadne.Core.Screening;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Ariadne.Benchmarks;

/// <summary>
/// Impact analysis hot path: re-score 1,000,000 stored screenings (synthetic, seeded) under the shipped instrument,
/// counting outcomes. Three ways: the precompiled scorer on aligned answers; the same from the stored answers JSON
/// (parsed to a request, and read forward-only as <see cref="ScreeningService.ImpactAsync"/> does per row, without the database);
/// and the peer, a naive evaluation over a dictionary per screening. Target: ≤ 10 s for 1,000,000.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScreeningRescoreBenchmark
{
    private const int Count = 1_000_000;

    private CompiledInstrument _instrument = null!;
    private CompiledList[] _lists = [];
    private NaiveScreeningEvaluator[] _naive = [];
    private byte[] _listOf = [];
    private Answer[][] _answers = [];
    private string[] _json = [];

    [GlobalSetup]
    public void GlobalSetup()
    {
        _instrument = InstrumentCatalogue.FindShipped(ShippedInstruments.DefaultId)!;
        _lists = [.. _instrument.Instrument.Lists.Select(l => _instrument.List(l.Id))];
        _naive = [.. _lists.Select(l => new NaiveScreeningEvaluator(_instrument.Instrument, l.List))];
        var random = new Random(20261128);
        _listOf = new byte[Count];
        _answers = new Answer[Count][];
        _json = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            var l = (byte)random.Next(_lists.Length);
            var list = _lists[l];
            var answers = new Answer[list.Codes.Count];
            var byCode = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
            for (var k = 0; k < answers.Length; k++)
            {
                // 15 % yes, 35 % no, 10 % unknown, 40 % not asked: a realistic, partly completed interview.
                var p = random.Next(100);
                answers[k] = p < 15 ? Answer.Yes : p < 50 ? Answer.No : p < 60 ? Answer.Unknown : Answer.NotAsked;
                if (answers[k] != Answer.NotAsked)
                {
                    byCode[list.Codes[k]] = new IndicatorAnswer(answers[k]);
                }
            }
            _listOf[i] = l;
            _answers[i] = answers;
            var age = list.List.Age == AgeCategory.Child ? 15 : 30;
            _json[i] = ScreeningRequestJson.Write(new ScreeningRequest(list.List.Form, age, false, false, byCode));
        }
        var (a, b, c, d) = (Precompiled(), FromStoredJson(), NaiveDictionary(), FromStoredJsonReader());
        if (a != b || a != c || a != d)
        {
            throw new InvalidOperationException($"The evaluations disagree: {a}, {b}, {c}, {d}.");
        }
        Console.WriteLine($"// Outcomes (no indicators / continue / refer): {a}");
    }

    [Benchmark(Description = "Precompiled scorer, aligned answers")]
    public (int, int, int) Precompiled()
    {
        Span<int> counts = stackalloc int[3];
        for (var i = 0; i < Count; i++)
        {
            counts[(int)_lists[_listOf[i]].Classify(_answers[i]).Recommendation]++;
        }
        return (counts[0], counts[1], counts[2]);
    }

    [Benchmark(Description = "Precompiled scorer, stored JSON, forward-only reader")]
    public (int, int, int) FromStoredJsonReader()
    {
        Span<int> counts = stackalloc int[3];
        for (var i = 0; i < Count; i++)
        {
            counts[(int)StoredScreening.Classify(_instrument, _json[i]).Recommendation]++;
        }
        return (counts[0], counts[1], counts[2]);
    }

    [Benchmark(Description = "Precompiled scorer, stored JSON parsed to a request")]
    public (int, int, int) FromStoredJson()
    {
        Span<int> counts = stackalloc int[3];
        for (var i = 0; i < Count; i++)
        {
            counts[(int)ScreeningScorer.Classify(_instrument, ScreeningRequestJson.Parse(_json[i])).Recommendation]++;
        }
        return (counts[0], counts[1], counts[2]);
    }

    [Benchmark(Baseline = true, Description = "Naive dictionary evaluation (peer)")]
    public (int, int, int) NaiveDictionary()
    {
        Span<int> counts = stackalloc int[3];
        for (var i = 0; i < Count; i++)
        {
            var list = _lists[_listOf[i]];
            var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
            for (var k = 0; k < list.Codes.Count; k++)
            {
                answers[list.Codes[k]] = _answers[i][k];
            }
            counts[(int)_naive[_listOf[i]].Recommend(answers)]++;
        }
        return (counts[0], counts[1], counts[2]);
    }
}

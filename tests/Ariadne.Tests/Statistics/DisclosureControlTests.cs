using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;

namespace Ariadne.Tests.Statistics;

public sealed class DisclosureControlTests
{
    private static CrossTable RandomTable(int seed, int persons, params int[] sizes)
    {
        var random = new Random(seed);
        var columns = new List<PersonColumn>();
        for (var d = 0; d < sizes.Length; d++)
        {
            var codes = new ushort[persons];
            for (var i = 0; i < persons; i++)
            {
                // Skewed, so that the table has both large and small cells.
                codes[i] = (ushort)Math.Min(sizes[d] - 1, (int)(-Math.Log(1 - random.NextDouble()) * sizes[d] / 2.5));
            }
            columns.Add(PersonColumn.FromCodes("d" + d, [.. Enumerable.Range(0, sizes[d]).Select(k => "c" + k)], codes));
        }
        return Disaggregation.Count(new PersonRecords(columns), [.. columns.Select(c => c.Name)]);
    }

    public static TheoryData<int, int, int[]> Shapes()
    {
        var data = new TheoryData<int, int, int[]>();
        for (var seed = 1; seed <= 12; seed++)
        {
            data.Add(seed, 80, [4, 5]);
            data.Add(seed, 150, [3, 3, 4]);
        }
        data.Add(99, 40, [6]);
        data.Add(5, 400, [2, 3, 3, 3]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Protect_EverySuppressedCell_CannotBeRecomputedFromTheMargins(int seed, int persons, int[] sizes)
    {
        var table = RandomTable(seed, persons, sizes);

        var published = DisclosureControl.Protect(table, new DisclosureOptions { Threshold = 5 });

        Assert.True(published.PrimaryCount > 0 || published.Status.All(s => s == CellStatus.Withheld), "the test table should have small cells");
        for (var i = 0; i < table.Cells.Length; i++)
        {
            var value = table.Cells[i];
            if (published.Status[i] == CellStatus.Shown)
            {
                Assert.Equal(value, published.Values[i]);
                Assert.True(value == 0 || value >= 5, $"cell {i} = {value} is shown");
                continue;
            }
            if (published.Status[i] == CellStatus.Secondary)
            {
                Assert.True(value >= 5, $"cell {i} = {value} is marked x");
            }
            Assert.Null(published.Values[i]);
            var (low, high) = Bounds(published, i);
            Assert.True(low <= value + 1e-6 && value <= high + 1e-6, $"cell {i} = {value} outside its interval [{low}, {high}]");
            Assert.True(high - low >= 1 - 1e-6, $"cell {i} = {value} is pinned to [{low}, {high}]");
        }
    }

    [Fact]
    public void Protect_TwoDimensionalTables_AreNeverWithheldWhole()
    {
        for (var seed = 1; seed <= 12; seed++)
        {
            var published = DisclosureControl.Protect(RandomTable(seed, 80, 4, 5), new DisclosureOptions());

            Assert.DoesNotContain(CellStatus.Withheld, published.Status);
        }
    }

    [Fact]
    public void Protect_SmallCells_AreShownAsLessThanTheThreshold()
    {
        var table = RandomTable(3, 80, 4, 5);

        var published = DisclosureControl.Protect(table, new DisclosureOptions());

        var primary = Enumerable.Range(0, table.Cells.Length).First(i => published.Status[i] == CellStatus.Primary);
        Assert.InRange(table.Cells[primary], 1, 4);
        Assert.Equal("<5", published.Display(primary));
        Assert.Contains("hypercube", published.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_WithRounding_ShowsMultiplesOfTheBase()
    {
        var published = DisclosureControl.Protect(RandomTable(4, 500, 3, 4), new DisclosureOptions { RoundingBase = 5 });

        Assert.All(published.Values.OfType<long>(), v => Assert.Equal(0, v % 5));
    }

    [Theory]
    [InlineData(NoiseMechanism.Laplace)]
    [InlineData(NoiseMechanism.Gaussian)]
    public void Protect_WithNoise_IsReproducibleFromItsSeedAndItsTotalsAddUp(NoiseMechanism mechanism)
    {
        var table = RandomTable(5, 2000, 4, 5);
        var options = new DisclosureOptions { Threshold = 0, Noise = mechanism, Epsilon = 0.5, Delta = 1e-5, Seed = 42 };

        var first = DisclosureControl.Protect(table, options);
        var again = DisclosureControl.Protect(table, options);
        var other = DisclosureControl.Protect(table, options with { Seed = 43 });

        Assert.Equal(first.Values, again.Values);
        Assert.NotEqual(first.Values, other.Values);
        Assert.NotEqual(table.Cells.Select(v => (long?)v), first.Values);
        for (var r = 0; r <= 4; r++)
        {
            Assert.Equal(first.Values[r * 6 + 5], Enumerable.Range(0, 5).Sum(c => first.Values[r * 6 + c]));
        }
        Assert.Equal(first.Values[^1], Enumerable.Range(0, 4).Sum(r => first.Values[r * 6 + 5]));
        Assert.All(first.Values, v => Assert.True(v >= 0));
        Assert.Contains("ε = 0.5", first.Method, StringComparison.Ordinal);
        // The seed is a secret of the release: whoever knows it can subtract the noise. It is never in the method text.
        Assert.DoesNotContain("seed", first.Method, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("42", first.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_WithLaplaceNoise_KeepsTheTotalNearTheTruth()
    {
        var table = RandomTable(6, 5000, 3, 3);

        var published = DisclosureControl.Protect(table, new DisclosureOptions { Threshold = 0, Noise = NoiseMechanism.Laplace, Epsilon = 1, Seed = 1 });

        // Nine cells with Laplace(1) noise: the total moves by a few persons, never by hundreds.
        Assert.InRange(published.Values[^1]!.Value, 5000 - 60, 5000 + 60);
    }

    /// <summary>
    /// The interval a reader can derive for cell <paramref name="target"/> from the published table: every shown value,
    /// "&lt;t" meaning 1..t−1, "x" meaning at least t, and every total equal to the sum of its categories.
    /// </summary>
    private static (double Low, double High) Bounds(ProtectedTable table, int target)
    {
        var unknown = Enumerable.Range(0, table.Values.Count).Where(i => table.Values[i] is null).ToList();
        var variable = unknown.Select((cell, k) => (cell, k)).ToDictionary(p => p.cell, p => p.k);
        var t = table.Options.Threshold;
        var low = unknown.Select(i => table.Status[i] switch { CellStatus.Primary => 1.0, CellStatus.Secondary => t, _ => 0 }).ToArray();
        var high = unknown.Select(i => table.Status[i] == CellStatus.Primary ? t - 1.0 : double.PositiveInfinity).ToArray();
        var bounded = Enumerable.Range(0, unknown.Count).Where(k => !double.IsInfinity(high[k])).ToList();
        var n = unknown.Count + bounded.Count;
        var rows = new List<double[]>();
        var rhs = new List<double>();
        var sizes = table.Dimensions.Select(d => d.Size).ToArray();
        var strides = new int[sizes.Length];
        for (int d = sizes.Length - 1, s = 1; d >= 0; s *= sizes[d], d--)
        {
            strides[d] = s;
        }
        for (var d = 0; d < sizes.Length; d++)
        {
            for (var start = 0; start < table.Values.Count; start++)
            {
                if (start / strides[d] % sizes[d] != 0)
                {
                    continue;
                }
                var row = new double[n];
                var b = 0.0;
                var any = false;
                for (var k = 0; k < sizes[d]; k++)
                {
                    var cell = start + k * strides[d];
                    var coefficient = k == sizes[d] - 1 ? -1.0 : 1.0;
                    if (variable.TryGetValue(cell, out var v))
                    {
                        row[v] += coefficient;
                        b -= coefficient * low[v];
                        any = true;
                    }
                    else
                    {
                        b -= coefficient * table.Values[cell]!.Value;
                    }
                }
                if (any)
                {
                    rows.Add(row);
                    rhs.Add(b);
                }
            }
        }
        for (var s = 0; s < bounded.Count; s++)
        {
            var row = new double[n];
            row[bounded[s]] = 1;
            row[unknown.Count + s] = 1;
            rows.Add(row);
            rhs.Add(high[bounded[s]] - low[bounded[s]]);
        }
        var target0 = variable[target];
        var c = new double[n];
        c[target0] = 1;
        var min = TinyLp.Minimise([.. rows.Select(r => (double[])r.Clone())], [.. rhs], c);
        c[target0] = -1;
        var negMax = TinyLp.Minimise([.. rows.Select(r => (double[])r.Clone())], [.. rhs], c);
        return (low[target0] + min, double.IsNegativeInfinity(negMax) ? double.PositiveInfinity : low[target0] - negMax);
    }
}

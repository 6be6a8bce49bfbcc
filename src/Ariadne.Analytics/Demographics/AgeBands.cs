using System.Globalization;

namespace Ariadne.Analytics.Demographics;

/// <summary>One age band: ages from <paramref name="From"/> to <paramref name="To"/>, both inclusive, in whole years.</summary>
/// <param name="From">The youngest age in the band (inclusive, at least 0).</param>
/// <param name="To">The oldest age in the band (inclusive), or null for an open-ended band such as "48+".</param>
/// <param name="Label">The label reported for the band; unique within its set.</param>
public sealed record AgeBand(int From, int? To, string Label)
{
    public bool Contains(int age) => age >= From && (To is null || age <= To);
}

/// <summary>
/// An immutable set of age bands that partitions a contiguous age range: ascending, without gaps or overlaps, only
/// the last band may be open-ended. A missing age falls into a separate "unknown" band.
/// </summary>
public sealed class AgeBands
{
    private AgeBands(IReadOnlyList<AgeBand> bands, string unknownLabel)
    {
        Bands = bands;
        UnknownLabel = unknownLabel;
        Labels = [.. bands.Select(b => b.Label), unknownLabel];
    }

    /// <summary>The UNODC GLOTIP age groups: minors, adults and unknown.</summary>
    public static AgeBands Glotip { get; } = Create(
        "Unknown",
        new AgeBand(0, 17, "0 to 17 years"),
        new AgeBand(18, null, "18 years or over"));

    /// <summary>
    /// The CTDC Global Dataset <c>ageBroad</c> ranges ("Age range 2" in the 2018 data dictionary), written with a
    /// double hyphen as CTDC does. CTDC has no age band for a missing age; "Unknown" is its label for data not
    /// collected.
    /// </summary>
    public static AgeBands CtdcAgeBroad { get; } = Create(
        "Unknown",
        new AgeBand(0, 8, "0--8"),
        new AgeBand(9, 17, "9--17"),
        new AgeBand(18, 20, "18--20"),
        new AgeBand(21, 23, "21--23"),
        new AgeBand(24, 26, "24--26"),
        new AgeBand(27, 29, "27--29"),
        new AgeBand(30, 38, "30--38"),
        new AgeBand(39, 47, "39--47"),
        new AgeBand(48, null, "48+"));

    /// <summary>The bands in ascending order of age.</summary>
    public IReadOnlyList<AgeBand> Bands { get; }

    /// <summary>The label of a missing age.</summary>
    public string UnknownLabel { get; }

    /// <summary>Every label in report order: the bands in ascending order of age, then the unknown label.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The youngest age the bands cover.</summary>
    public int MinimumAge => Bands[0].From;

    /// <summary>The oldest age the bands cover, or null if the last band is open-ended.</summary>
    public int? MaximumAge => Bands[^1].To;

    /// <summary>Validates and creates a set of bands.</summary>
    /// <exception cref="ArgumentException">
    /// There are no bands; a label is empty or used twice (the unknown label included); a lower bound is negative; an
    /// upper bound is below its lower bound; a band other than the last is open-ended; or a band does not start
    /// exactly one year after the previous one ends (a gap, an overlap or bands out of order).
    /// </exception>
    public static AgeBands Create(string unknownLabel, params IEnumerable<AgeBand> bands)
    {
        var list = bands.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one age band is needed.", nameof(bands));
        }
        if (string.IsNullOrWhiteSpace(unknownLabel))
        {
            throw new ArgumentException("The unknown band needs a label.", nameof(unknownLabel));
        }
        var labels = new HashSet<string>(StringComparer.Ordinal) { unknownLabel };
        for (var i = 0; i < list.Count; i++)
        {
            var band = list[i];
            if (string.IsNullOrWhiteSpace(band.Label))
            {
                throw new ArgumentException($"Age band {i + 1} has no label.", nameof(bands));
            }
            if (!labels.Add(band.Label))
            {
                throw new ArgumentException($"The label '{band.Label}' is used twice.", nameof(bands));
            }
            if (band.From < 0)
            {
                throw new ArgumentException($"Age band '{band.Label}' starts below 0.", nameof(bands));
            }
            if (band.To < band.From)
            {
                throw new ArgumentException($"Age band '{band.Label}' ends ({band.To}) before it starts ({band.From}).", nameof(bands));
            }
            if (i == 0)
            {
                continue;
            }
            var previous = list[i - 1];
            if (previous.To is null)
            {
                throw new ArgumentException($"Only the last age band may be open-ended, but '{previous.Label}' is followed by '{band.Label}'.", nameof(bands));
            }
            // Long arithmetic: an upper bound of int.MaxValue must be reported, not overflow.
            var expected = (long)previous.To.Value + 1;
            if (band.From > expected)
            {
                throw new ArgumentException($"Gap between age bands '{previous.Label}' (ends at {previous.To}) and '{band.Label}' (starts at {band.From}).", nameof(bands));
            }
            if (band.From < expected)
            {
                throw new ArgumentException($"Age band '{band.Label}' (starts at {band.From}) overlaps or precedes '{previous.Label}' (ends at {previous.To}); bands must be in ascending order.", nameof(bands));
            }
        }
        return new AgeBands(list.AsReadOnly(), unknownLabel);
    }

    /// <summary>The label of the band containing <paramref name="age"/> (in whole years), or the unknown label for null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The age lies outside the range the bands cover.</exception>
    public string Classify(int? age)
    {
        if (age is not { } years)
        {
            return UnknownLabel;
        }
        foreach (var band in Bands)
        {
            if (band.Contains(years))
            {
                return band.Label;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(age), age,
            $"The age bands cover {MinimumAge} to {(MaximumAge is { } max ? max.ToString(CultureInfo.InvariantCulture) : "any age")}.");
    }
}

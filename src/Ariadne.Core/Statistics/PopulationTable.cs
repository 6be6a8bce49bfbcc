using System.Globalization;
using Ariadne.Core.CodeLists;
using CsvHelper;

namespace Ariadne.Core.Statistics;

/// <summary>
/// Total population by country (ISO 3166-1 alpha-3) and year, the denominator of SDG 16.2.2. The shipped copy is the
/// World Bank series SP.POP.TOTL, 1960–2024 (see <c>Statistics/Data/SOURCE.md</c>); aggregates are dropped.
/// </summary>
public sealed class PopulationTable
{
    private static readonly Lazy<PopulationTable> Shipped = new(LoadShipped);

    private readonly Dictionary<(string Country, int Year), long> _values;

    private PopulationTable(Dictionary<(string, int), long> values) => _values = values;

    public static PopulationTable Default => Shipped.Value;

    public int Count => _values.Count;

    /// <summary>The population of <paramref name="alpha3"/> in <paramref name="year"/>, or null when not known.</summary>
    public long? Find(string alpha3, int year) => _values.TryGetValue((alpha3, year), out var value) ? value : null;

    /// <summary>
    /// Reads the World Bank layout (Country Name, Country Code, Year, Value; "," separated, RFC 4180 quotes, a
    /// byte-order mark ignored), keeping the codes in <paramref name="countries"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A row has fewer than 4 fields.</exception>
    public static PopulationTable Parse(TextReader reader, IReadOnlySet<string> countries)
    {
        var values = new Dictionary<(string, int), long>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            FormatProvider = CultureInfo.InvariantCulture,
            HasHeader = false,
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var row = 0;
        while (csv.Read())
        {
            row++;
            if (row == 1)
            {
                continue;
            }
            if (csv.FieldCount < 4)
            {
                throw new InvalidDataException($"Population row {row}: expected 4 fields.");
            }
            // The last three fields, as before: a name is free text, the code, year and value are not.
            var last = csv.FieldCount - 1;
            var code = csv.GetString(last - 2);
            if (!countries.Contains(code))
            {
                continue;
            }
            var year = int.Parse(csv.GetString(last - 1), NumberStyles.None, CultureInfo.InvariantCulture);
            var value = long.Parse(csv.GetString(last), NumberStyles.None, CultureInfo.InvariantCulture);
            values[(code, year)] = value;
        }
        return new PopulationTable(values);
    }

    private static PopulationTable LoadShipped()
    {
        using var stream = typeof(PopulationTable).Assembly.GetManifestResourceStream("Ariadne.Statistics.population.csv")
            ?? throw new InvalidDataException("The shipped population table is missing.");
        using var reader = new StreamReader(stream);
        var alpha3 = CodeListRegistry.Default.Country.Entries
            .Select(e => e.Attribute("alpha3"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return Parse(reader, alpha3);
    }
}

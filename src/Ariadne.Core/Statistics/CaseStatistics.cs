using System.Data.Common;
using System.Globalization;
using System.Text;
using Ariadne.Analytics.Demographics;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.Statistics;

/// <summary>
/// Limits the cases a grouped read counts: identified from <c>From</c> to <c>To</c> (both days
/// included), and with <c>PresumedOnly</c> only presumed victims (trafficking status other than
/// <c>not-a-victim</c>). Used by the computed indicators of the follow-up, which count per period.
/// </summary>
public sealed record CaseWindow(DateOnly From, DateOnly To, bool PresumedOnly);

/// <summary>
/// The case records a statistics table counts, from one grouped read (<see cref="CaseStatistics.LoadAsync(AppDbContext, CodeListRegistry, IEnumerable{string}, bool, CancellationToken, CaseWindow)"/>).
/// All three record sets share their columns' labels, so that tables counted from them line up cell by cell.
/// </summary>
/// <param name="Cases">Every case that may be counted (its person did not refuse or withdraw consent to statistics).</param>
/// <param name="FirstCases">
/// Of those, the first case of each person (<see cref="CaseStatistics.ClusterOf"/>): the cases counted when each person
/// counts once. Null when the read did not rank cases by person.
/// </param>
/// <param name="SetAside">The other cases of <see cref="Cases"/>: set aside as the same person as an earlier case. Null like <see cref="FirstCases"/>.</param>
/// <param name="ExcludedByConsent">The cases left out because the person refused or withdrew consent to statistics.</param>
public sealed record CaseRecords(PersonRecords Cases, PersonRecords? FirstCases, PersonRecords? SetAside, int ExcludedByConsent)
{
    /// <summary>The records a table counts: each person once (<see cref="FirstCases"/>) or every case.</summary>
    /// <exception cref="InvalidOperationException">Each person once, but the read did not rank cases by person.</exception>
    public PersonRecords For(bool deduplicate) => deduplicate
        ? FirstCases ?? throw new InvalidOperationException("The case records were read without ranking cases by person.")
        : Cases;
}

/// <summary>
/// Case records as <see cref="PersonRecords"/> for the disaggregation engine. Reads only non-identifying case
/// columns (no person names or narratives), grouped in the database: one <c>GROUP BY</c> over the case columns that the
/// asked-for dimensions need, so that the in-memory cube counts groups (weighted by their size), not cases.
/// </summary>
/// <remarks>
/// <para>The read is one raw SQL statement per provider (SQLite, PostgreSQL), written like a hand-made <c>GROUP BY</c>:
/// only the needed columns, the consent rule as a sub-query, no value concatenated into the text (the only parameter,
/// the consent purpose, is bound). Issue 15 asks the statistics path to stay within 2× of a plain <c>GROUP BY</c>; the
/// grouped query EF Core generated from LINQ (a member-initialised key with constant columns) cost about 3× one. The
/// LINQ form survives as the test oracle (<c>CaseStatisticsSqlTests</c>), which checks that both return the same groups
/// on both providers.</para>
/// <para>Each person once (issue 16): ranked by person, a case counts only when it is the first of its person's cluster
/// (<see cref="ClusterOf"/>) among the cases that may be counted, ordered by identification date, then case id (as
/// text, the order both providers give a case id). So a person counts in the year, place and form of their first
/// identification; a table filtered to a later year does not count them again.</para>
/// <para>Labels of a dimension without a fixed order (sex, countries, years, …) are in ordinal order with "Unknown"
/// last, so that a table does not depend on the order the database returns its groups.</para>
/// </remarks>
public static class CaseStatistics
{
    /// <summary>The dimensions a case table can be broken down by.</summary>
    public static readonly string[] Dimensions =
    [
        "year", "sex", "ageGroup", "ageBroad", "form", "citizenship", "countryOfExploitation", "region", "subregion",
        "organisationType", "traffickingStatus", "transnationality",
    ];

    private const string Unknown = "Unknown";

    /// <summary>
    /// The cluster of a person in SQL: <see cref="Person.ClusterKey"/>, or <c>"p:"</c> + the person's id in lower-case
    /// text when it has none — the key a merge gives to the persons merged into a surviving person, so that a survivor
    /// without a key of its own and the persons merged into it are one cluster.
    /// </summary>
    public static string ClusterOf(Person person) => person.ClusterKey ?? "p:" + person.Id.ToString("D");

    // The case column each dimension is read from (several dimensions share one).
    internal enum Source { Year, Sex, Age, Forms, Citizenships, Country, OrganisationType, Status, Transnationality }

    private static Source SourceOf(string dimension) => dimension switch
    {
        "year" => Source.Year,
        "sex" => Source.Sex,
        "ageGroup" or "ageBroad" => Source.Age,
        "form" => Source.Forms,
        "citizenship" => Source.Citizenships,
        "countryOfExploitation" or "region" or "subregion" => Source.Country,
        "organisationType" => Source.OrganisationType,
        "traffickingStatus" => Source.Status,
        "transnationality" => Source.Transnationality,
        _ => throw new ArgumentException($"Unknown dimension '{dimension}'; use {string.Join(", ", Dimensions)}.", nameof(dimension)),
    };

    /// <summary>
    /// Every case whose person did not refuse or withdraw consent to statistics (<see cref="StatisticsConsent"/>), with the
    /// columns <paramref name="columns"/> (dimension names; every one when null), grouped in the database.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown dimension.</exception>
    public static async Task<StatisticsInput<PersonRecords>> LoadAsync(AppDbContext db, CodeListRegistry codes, CancellationToken cancellationToken,
        IEnumerable<string>? columns = null)
    {
        var records = await LoadAsync(db, codes, columns ?? Dimensions, byPerson: false, cancellationToken);
        return new(records.Cases, records.ExcludedByConsent);
    }

    /// <summary>
    /// As <see cref="LoadAsync(AppDbContext, CodeListRegistry, CancellationToken, IEnumerable{string})"/>; with
    /// <paramref name="byPerson"/> the same statement also ranks the cases by person, so that the result holds the first
    /// case of each person and the cases set aside (<see cref="CaseRecords.FirstCases"/>, <see cref="CaseRecords.SetAside"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown dimension.</exception>
    public static async Task<CaseRecords> LoadAsync(AppDbContext db, CodeListRegistry codes, IEnumerable<string> columns, bool byPerson, CancellationToken cancellationToken,
        CaseWindow? window = null)
    {
        var wanted = columns.Distinct(StringComparer.Ordinal).ToList();
        var need = new bool[Enum.GetValues<Source>().Length];
        foreach (var dimension in wanted)
        {
            need[(int)SourceOf(dimension)] = true;
        }
        var groups = await ReadGroupsAsync(db, need, byPerson, cancellationToken, window);
        return Build(groups, wanted, codes, byPerson);
    }

    /// <summary>
    /// One group of cases with the same values in the needed columns (a constant in the others: 0, "", null, unknown),
    /// <c>Refused</c> when the person refused or withdrew consent to statistics (not counted), <c>First</c> when the
    /// cases are the first of their person among the counted cases (always true when not ranked by person), and the
    /// number of cases.
    /// </summary>
    internal sealed record Group(int Year, string Sex, int? Age, string Forms, string Citizenships, string? Country, string OrganisationType, string Status,
        Transnationality Transnationality, bool Refused, bool First, int Cases);

    /// <summary>The grouped read: one SQL statement for the provider of <paramref name="db"/>.</summary>
    internal static async Task<List<Group>> ReadGroupsAsync(AppDbContext db, bool[] need, bool byPerson, CancellationToken cancellationToken, CaseWindow? window = null)
    {
        var postgres = db.Database.IsNpgsql();
        var sql = GroupSql(need, byPerson, postgres, window);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var purpose = command.CreateParameter();
            purpose.ParameterName = "purpose";
            purpose.Value = nameof(ConsentPurpose.Statistics);
            command.Parameters.Add(purpose);
            if (window is not null)
            {
                // SQLite keeps a date as 'yyyy-MM-dd' text, which compares in date order; PostgreSQL has a date type.
                foreach (var (name, day) in new[] { ("from", window.From), ("to", window.To) })
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    command.Parameters.Add(parameter);
                }
            }
            var groups = new List<Group>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var i = 0;
                groups.Add(new Group(
                    Year: need[(int)Source.Year] ? Convert.ToInt32(reader.GetValue(i++), CultureInfo.InvariantCulture) : 0,
                    Sex: need[(int)Source.Sex] ? reader.GetString(i++) : "",
                    Age: need[(int)Source.Age] ? NullableInt(reader, i++) : null,
                    Forms: need[(int)Source.Forms] ? reader.GetString(i++) : "",
                    Citizenships: need[(int)Source.Citizenships] ? reader.GetString(i++) : "",
                    Country: need[(int)Source.Country] ? NullableString(reader, i++) : null,
                    OrganisationType: need[(int)Source.OrganisationType] ? reader.GetString(i++) : "",
                    Status: need[(int)Source.Status] ? reader.GetString(i++) : "",
                    Transnationality: need[(int)Source.Transnationality] ? (Transnationality)Convert.ToInt32(reader.GetValue(i++), CultureInfo.InvariantCulture) : Transnationality.Unknown,
                    Refused: Convert.ToInt32(reader.GetValue(i++), CultureInfo.InvariantCulture) == 1,
                    First: !byPerson || Convert.ToInt32(reader.GetValue(i++), CultureInfo.InvariantCulture) == 1,
                    Cases: Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture)));
            }
            return groups;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        static int? NullableInt(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

        static string? NullableString(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    /// <summary>
    /// The statement: the needed columns, a 0/1 "refused" flag (every statistics consent of the case withdrawn, see
    /// <see cref="StatisticsConsent"/>), ranked by person a 0/1 "first" flag, and the number of cases; grouped by all of
    /// them. Column names come from a fixed list, never from input; the consent purpose is the bound parameter
    /// <c>@purpose</c>.
    /// </summary>
    internal static string GroupSql(bool[] need, bool byPerson, bool postgres, CaseWindow? window = null)
    {
        var columns = new List<string>();
        void Add(Source source, string expression)
        {
            if (need[(int)source])
            {
                columns.Add(expression);
            }
        }
        // SQLite stores a date as 'yyyy-MM-dd' text: its first four characters are the year.
        Add(Source.Year, postgres ? "CAST(EXTRACT(YEAR FROM c.\"IdentificationDate\") AS integer)" : "CAST(substr(c.\"IdentificationDate\", 1, 4) AS INTEGER)");
        Add(Source.Sex, "c.\"Sex\"");
        Add(Source.Age, "c.\"AgeAtIdentification\"");
        Add(Source.Forms, "c.\"FormsKey\"");
        Add(Source.Citizenships, "c.\"CitizenshipsKey\"");
        Add(Source.Country, "c.\"CountryOfExploitation\"");
        Add(Source.OrganisationType, "c.\"DetectingOrganisationType\"");
        Add(Source.Status, "c.\"TraffickingStatus\"");
        Add(Source.Transnationality, "c.\"Transnationality\"");
        var names = columns.Select((_, i) => "d" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        const string Refused = "CASE WHEN c.\"Id\" IN (SELECT r.\"CaseId\" FROM \"Consents\" r WHERE r.\"Purpose\" = @purpose "
            + "GROUP BY r.\"CaseId\" HAVING COUNT(r.\"WithdrawnOn\") = COUNT(*)) THEN 1 ELSE 0 END";
        // The window's bounds are the bound parameters @from and @to; the excluded status is a constant of the code.
        var where = window is null ? ""
            : " WHERE c.\"IdentificationDate\" >= @from AND c.\"IdentificationDate\" <= @to" + (window.PresumedOnly ? " AND c.\"TraffickingStatus\" <> 'not-a-victim'" : "");
        var sql = new StringBuilder();
        if (!byPerson)
        {
            sql.Append("SELECT ").AppendJoin(", ", columns.Append(Refused)).Append(", COUNT(*) FROM \"Cases\" c").Append(where).Append(" GROUP BY ").Append(Positions(columns.Count + 1));
            return sql.ToString();
        }
        // Ranked by person: the rank among the cases of the same cluster and the same consent state, so that the first
        // counted case of a person is the first of those that may be counted.
        var cluster = postgres ? "COALESCE(p.\"ClusterKey\", 'p:' || CAST(p.\"Id\" AS text))" : "COALESCE(p.\"ClusterKey\", 'p:' || lower(p.\"Id\"))";
        var inner = string.Join(", ", columns.Select((column, i) => column + " AS " + names[i]).Append(Refused + " AS refused")
            .Append("c.\"IdentificationDate\" AS day").Append("c.\"Id\" AS id").Append(cluster + " AS cluster"));
        var outer = string.Join(", ", names.Append("refused").Append("CASE WHEN n = 1 THEN 1 ELSE 0 END"));
        sql.Append("SELECT ").Append(outer).Append(", COUNT(*) FROM (")
            .Append("SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.cluster, k.refused ORDER BY k.day, k.id) AS n FROM (")
            .Append("SELECT ").Append(inner).Append(" FROM \"Cases\" c JOIN \"Persons\" p ON p.\"Id\" = c.\"PersonId\"").Append(where).Append(") k) ranked GROUP BY ").Append(Positions(columns.Count + 2));
        return sql.ToString();

        // GROUP BY 1, 2, …: the select list's expressions (the consent sub-query) are not repeated.
        static string Positions(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The records of <paramref name="groups"/>: the cases that may be counted, and ranked by person the first ones and the ones set aside.</summary>
    internal static CaseRecords Build(IReadOnlyList<Group> groups, IReadOnlyList<string> wanted, CodeListRegistry codes, bool byPerson)
    {
        var counted = groups.Where(g => !g.Refused).ToList();
        var excluded = groups.Where(g => g.Refused).Sum(g => g.Cases);
        // Labels from every counted group, so that the three record sets share them.
        var all = Records(counted, null);
        return byPerson
            ? new CaseRecords(all, Records([.. counted.Where(g => g.First)], all), Records([.. counted.Where(g => !g.First)], all), excluded)
            : new CaseRecords(all, null, null, excluded);

        PersonRecords Records(List<Group> subset, PersonRecords? labelsFrom)
        {
            var columns = new List<PersonColumn>();
            foreach (var dimension in wanted)
            {
                columns.Add(Column(subset, dimension, labelsFrom?[dimension].Labels));
            }
            return new PersonRecords(columns, [.. subset.Select(g => g.Cases)]);
        }

        PersonColumn Column(List<Group> subset, string dimension, IReadOnlyList<string>? labels)
        {
            switch (dimension)
            {
                case "year":
                    return Single(subset, dimension, labels, g => g.Year.ToString(CultureInfo.InvariantCulture));
                case "sex":
                    return Single(subset, dimension, labels, g => g.Sex);
                case "ageGroup":
                    return Single(subset, dimension, labels ?? AgeBands.Glotip.Labels, g => AgeBands.Glotip.Classify(g.Age));
                case "ageBroad":
                    return Single(subset, dimension, labels ?? AgeBands.CtdcAgeBroad.Labels, g => AgeBands.CtdcAgeBroad.Classify(g.Age));
                case "form":
                    var form = new PersonColumnBuilder(dimension, multiValued: true, labels: labels ?? codes.ExploitationForm.Entries.Select(e => e.Code));
                    foreach (var g in subset)
                    {
                        form.Add(g.Forms.Split('|', StringSplitOptions.RemoveEmptyEntries));
                    }
                    return form.Build();
                case "citizenship":
                    // The first citizenship: a flow needs one origin per person.
                    return Single(subset, dimension, labels, g => g.Citizenships.Split('|', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault());
                case "countryOfExploitation":
                    return Single(subset, dimension, labels, g => g.Country);
                case "region":
                    return Single(subset, dimension, labels, g => CountryAttribute(g.Country, "region"));
                case "subregion":
                    return Single(subset, dimension, labels, g => CountryAttribute(g.Country, "subregion"));
                case "organisationType":
                    return Single(subset, dimension, labels, g => g.OrganisationType);
                case "traffickingStatus":
                    return Single(subset, dimension, labels, g => g.Status);
                default:
                    return Single(subset, dimension, labels ?? ["Domestic", "Transnational", Unknown], g => g.Transnationality.ToString());
            }
        }

        static PersonColumn Single(List<Group> subset, string dimension, IEnumerable<string>? fixedLabels, Func<Group, string?> value)
        {
            var labels = fixedLabels ?? subset.Select(g => value(g) is { Length: > 0 } v ? v : Unknown)
                .Distinct(StringComparer.Ordinal).OrderBy(v => v == Unknown).ThenBy(v => v, StringComparer.Ordinal);
            var builder = new PersonColumnBuilder(dimension, labels: labels);
            foreach (var g in subset)
            {
                builder.Add(value(g));
            }
            return builder.Build();
        }

        string? CountryAttribute(string? country, string attribute) =>
            country is null ? null : codes.Country.Find(country)?.Attribute(attribute);
    }
}

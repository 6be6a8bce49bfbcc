using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Ariadne.Analytics.Demographics;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// The grouped read. PostgreSQL: one statement (<see cref="GroupSql"/>). SQLite: the cases outside every cluster are
    /// read row by row through SQLite's own interface and counted in process (<see cref="CountRows"/>), which costs a
    /// third of SQLite's sorting <c>GROUP BY</c> over a million cases; the clustered cases (few) are ranked and grouped by
    /// <see cref="RankedClusteredSql"/>. Both give the groups <see cref="GroupSql"/> gives (<c>CaseStatisticsSqlTests</c>).
    /// </summary>
    internal static async Task<List<Group>> ReadGroupsAsync(AppDbContext db, bool[] need, bool byPerson, CancellationToken cancellationToken, CaseWindow? window = null)
    {
        var postgres = db.Database.IsNpgsql();
        var parameters = Parameters(window, postgres);
        // Before any merge or linkage cluster every person has one case: each case is its person's first, nothing to rank.
        var ranked = byPerson && await PersonClusters.AnyAsync(db, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                return await ReadAsync(db, GroupSql(need, ranked, postgres, window), parameters, need, ranked, cancellationToken);
            }
            var groups = CountRows((SqliteConnection)db.Database.GetDbConnection(), need, ranked, window, parameters, cancellationToken);
            if (ranked)
            {
                groups.AddRange(await ReadAsync(db, RankedClusteredSql(need, postgres, window), parameters, need, ranked, cancellationToken));
            }
            return groups;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Groups read by a grouping statement: the needed columns, "refused", ranked by person "first", and the number of cases.</summary>
    private static async Task<List<Group>> ReadAsync(AppDbContext db, string sql, List<(string Name, object? Value)> parameters, bool[] need, bool byPerson,
        CancellationToken cancellationToken)
    {
        await using var command = RawCommands.Create(db, sql, parameters);
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

        static int? NullableInt(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

        static string? NullableString(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    /// <summary>One group's values as codes (texts interned per column; a missing age or country is -1).</summary>
    private readonly record struct GroupKey(int Year, int Sex, int Age, int Forms, int Citizenships, int Country, int OrganisationType, int Status, int Transnationality,
        bool Refused);

    /// <summary>
    /// SQLite: the groups of <see cref="UngroupedSql"/>'s rows counted in process — each text cell interned from its
    /// UTF-8 bytes, each row's codes a key, one dictionary of counts. The same groups as the statement's <c>GROUP BY</c>.
    /// </summary>
    private static List<Group> CountRows(SqliteConnection connection, bool[] need, bool byPerson, CaseWindow? window,
        List<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        var texts = Enumerable.Range(0, need.Length).Select(_ => new Utf8Interner()).ToArray();
        var counts = new Dictionary<GroupKey, int>();
        SqliteRows.ForEach(connection, UngroupedSql(need, byPerson, window), parameters, row =>
        {
            var i = 0;
            // Each needed source is the next column; a source not read is 0, a NULL -1.
            int Number(Source source)
            {
                if (!need[(int)source])
                {
                    return 0;
                }
                var column = i++;
                return row.IsNull(column) ? -1 : (int)row.Int64(column);
            }
            // Only the country may be NULL among the text columns (the others are required).
            int Text(Source source, bool nullable = false)
            {
                if (!need[(int)source])
                {
                    return 0;
                }
                var column = i++;
                return nullable && row.IsNull(column) ? -1 : texts[(int)source].Code(row.Utf8(column));
            }
            var key = new GroupKey(Number(Source.Year), Text(Source.Sex), Number(Source.Age), Text(Source.Forms), Text(Source.Citizenships),
                Text(Source.Country, nullable: true), Text(Source.OrganisationType), Text(Source.Status), Number(Source.Transnationality), row.Int64(i) == 1);
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }, cancellationToken);
        string Of(Source source, int code) => need[(int)source] ? texts[(int)source][code] : "";
        return [.. counts.Select(c => new Group(c.Key.Year, Of(Source.Sex, c.Key.Sex), need[(int)Source.Age] && c.Key.Age >= 0 ? c.Key.Age : null,
            Of(Source.Forms, c.Key.Forms), Of(Source.Citizenships, c.Key.Citizenships), need[(int)Source.Country] && c.Key.Country >= 0 ? texts[(int)Source.Country][c.Key.Country] : null,
            Of(Source.OrganisationType, c.Key.OrganisationType), Of(Source.Status, c.Key.Status),
            need[(int)Source.Transnationality] ? (Transnationality)c.Key.Transnationality : Transnationality.Unknown, c.Key.Refused, First: true, c.Value))];
    }

    /// <summary>The case columns the needed sources are read from, in <see cref="Source"/> order.</summary>
    private static List<string> Selected(bool[] need, bool postgres)
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
        return columns;
    }

    // Every statistics consent of the case withdrawn (StatisticsConsent).
    private const string Refused = "CASE WHEN c.\"Id\" IN (" + StatisticsConsent.RefusedCaseIdsSql + ") THEN 1 ELSE 0 END";

    /// <summary>The bound parameters of a statement with <see cref="Where"/> and the consent rule: @purpose, and with a window @from and @to.</summary>
    internal static List<(string Name, object? Value)> Parameters(CaseWindow? window, bool postgres)
    {
        var parameters = new List<(string Name, object? Value)> { ("purpose", nameof(ConsentPurpose.Statistics)) };
        if (window is not null)
        {
            // SQLite keeps a date as 'yyyy-MM-dd' text, which compares in date order; PostgreSQL has a date type.
            parameters.Add(("from", postgres ? window.From : window.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            parameters.Add(("to", postgres ? window.To : window.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        return parameters;
    }

    /// <summary>" WHERE …" for the window over cases <c>c</c> (bound parameters @from and @to; the excluded status is a constant of the code), or "".</summary>
    internal static string Where(CaseWindow? window) => window is null ? ""
        : " WHERE c.\"IdentificationDate\" >= @from AND c.\"IdentificationDate\" <= @to" + (window.PresumedOnly ? " AND c.\"TraffickingStatus\" <> 'not-a-victim'" : "");

    /// <summary>
    /// Whether case <c>c</c>'s person is in a cluster: a cluster key of its own, or its own key "p:" + id taken by a
    /// merge (<see cref="ClusterOf"/>). Every case has a person record of its own (a unique key), so a person outside
    /// every cluster has this one case, which is its first: those cases (nearly all) need no ranking.
    /// </summary>
    private static string Clustered(bool postgres) => postgres
        ? "(c.\"PersonId\" IN (SELECT q.\"Id\" FROM \"Persons\" q WHERE q.\"ClusterKey\" IS NOT NULL) "
            + "OR 'p:' || CAST(c.\"PersonId\" AS text) IN (SELECT q.\"ClusterKey\" FROM \"Persons\" q WHERE q.\"ClusterKey\" IS NOT NULL))"
        // SQLite keeps a GUID as upper-case text; a merge's key is "p:" + the id in lower case. One set of ids, probed per case.
        : "(c.\"PersonId\" IN (SELECT q.\"Id\" FROM \"Persons\" q WHERE q.\"ClusterKey\" IS NOT NULL "
            + "UNION SELECT upper(substr(q.\"ClusterKey\", 3)) FROM \"Persons\" q WHERE q.\"ClusterKey\" IS NOT NULL AND substr(q.\"ClusterKey\", 1, 2) = 'p:'))";

    private static string And(CaseWindow? window) => window is null ? " WHERE " : " AND ";

    /// <summary>SQLite, counted in process: the needed columns and "refused" of every case (ranked by person: outside every cluster).</summary>
    internal static string UngroupedSql(bool[] need, bool byPerson, CaseWindow? window) =>
        "SELECT " + string.Join(", ", Selected(need, postgres: false).Append(Refused)) + " FROM \"Cases\" c" + Where(window)
        + (byPerson ? And(window) + "NOT " + Clustered(postgres: false) : "");

    /// <summary>
    /// The statement: the needed columns, a 0/1 "refused" flag (every statistics consent of the case withdrawn, see
    /// <see cref="StatisticsConsent"/>), ranked by person a 0/1 "first" flag, and the number of cases; grouped by all of
    /// them. Ranked by person: the cases outside every cluster grouped as they are (each is its person's first), then
    /// <see cref="RankedClusteredSql"/>. Column names come from a fixed list, never from input.
    /// </summary>
    internal static string GroupSql(bool[] need, bool byPerson, bool postgres, CaseWindow? window = null)
    {
        var columns = Selected(need, postgres);
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", columns.Append(Refused));
        if (!byPerson)
        {
            return sql.Append(", COUNT(*) FROM \"Cases\" c").Append(Where(window)).Append(" GROUP BY ").Append(Positions(columns.Count + 1)).ToString();
        }
        return sql.Append(", 1, COUNT(*) FROM \"Cases\" c").Append(Where(window)).Append(And(window)).Append("NOT ").Append(Clustered(postgres))
            .Append(" GROUP BY ").Append(Positions(columns.Count + 1)).Append(" UNION ALL ").Append(RankedClusteredSql(need, postgres, window)).ToString();
    }

    /// <summary>
    /// The clustered cases grouped with their 0/1 "first" flag: the rank among the cases of the same cluster and the same
    /// consent state, so that the first counted case of a person is the first of those that may be counted.
    /// </summary>
    internal static string RankedClusteredSql(bool[] need, bool postgres, CaseWindow? window)
    {
        var columns = Selected(need, postgres);
        var names = columns.Select((_, i) => "d" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var cluster = postgres ? "COALESCE(p.\"ClusterKey\", 'p:' || CAST(p.\"Id\" AS text))" : "COALESCE(p.\"ClusterKey\", 'p:' || lower(p.\"Id\"))";
        var inner = string.Join(", ", columns.Select((column, i) => column + " AS " + names[i]).Append(Refused + " AS refused")
            .Append("c.\"IdentificationDate\" AS day").Append("c.\"Id\" AS id").Append(cluster + " AS cluster"));
        var outer = string.Join(", ", names.Append("refused").Append("CASE WHEN n = 1 THEN 1 ELSE 0 END"));
        return new StringBuilder("SELECT ").Append(outer).Append(", COUNT(*) FROM (")
            .Append("SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.cluster, k.refused ORDER BY k.day, k.id) AS n FROM (")
            .Append("SELECT ").Append(inner).Append(" FROM \"Cases\" c JOIN \"Persons\" p ON p.\"Id\" = c.\"PersonId\"").Append(Where(window)).Append(And(window))
            .Append(Clustered(postgres)).Append(") k) ranked GROUP BY ").Append(Positions(columns.Count + 2)).ToString();
    }

    // GROUP BY 1, 2, …: the select list's expressions (the consent sub-query) are not repeated.
    private static string Positions(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The records of <paramref name="groups"/>: the cases that may be counted, and ranked by person the first ones and the ones set aside.</summary>
    internal static CaseRecords Build(IReadOnlyList<Group> groups, IReadOnlyList<string> wanted, CodeListRegistry codes, bool byPerson)
    {
        var splits = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var counted = groups.Where(g => !g.Refused).ToList();
        var excluded = groups.Where(g => g.Refused).Sum(g => g.Cases);
        // Labels from every counted group, so that the three record sets share them.
        var all = Records(counted, null);
        if (!byPerson)
        {
            return new CaseRecords(all, null, null, excluded);
        }
        // Nobody set aside (no person counted twice, the usual case): the first cases are every case.
        return counted.TrueForAll(g => g.First)
            ? new CaseRecords(all, all, Records([], all), excluded)
            : new CaseRecords(all, Records([.. counted.Where(g => g.First)], all), Records([.. counted.Where(g => !g.First)], all), excluded);

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
                        form.Add(Split(g.Forms));
                    }
                    return form.Build();
                case "citizenship":
                    // The first citizenship: a flow needs one origin per person.
                    return Single(subset, dimension, labels, g => Split(g.Citizenships).FirstOrDefault());
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

        // A key's values once per distinct key (a read has many groups and few distinct keys).
        string[] Split(string key)
        {
            if (!splits.TryGetValue(key, out var values))
            {
                splits[key] = values = key.Split('|', StringSplitOptions.RemoveEmptyEntries);
            }
            return values;
        }

        string? CountryAttribute(string? country, string attribute) =>
            country is null ? null : codes.Country.Find(country)?.Attribute(attribute);
    }
}

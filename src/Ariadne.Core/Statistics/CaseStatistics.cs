using System.Globalization;
using System.Linq.Expressions;
using Ariadne.Analytics.Demographics;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics;

/// <summary>
/// Case records as <see cref="PersonRecords"/> for the disaggregation engine. Reads only non-identifying case
/// columns (no person names or narratives), grouped in the database: one <c>GROUP BY</c> over the case columns that the
/// asked-for dimensions need, so that the in-memory cube counts groups (weighted by their size), not cases.
/// </summary>
/// <remarks>
/// Labels of a dimension without a fixed order (sex, countries, years, …) are in ordinal order with "Unknown" last, so
/// that a table does not depend on the order the database returns its groups.
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

    // The case column each dimension is read from (several dimensions share one).
    private enum Source { Year, Sex, Age, Forms, Citizenships, Country, OrganisationType, Status, Transnationality }

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
        var wanted = (columns ?? Dimensions).Distinct(StringComparer.Ordinal).ToList();
        var need = new bool[Enum.GetValues<Source>().Length];
        foreach (var dimension in wanted)
        {
            need[(int)SourceOf(dimension)] = true;
        }
        var refused = await StatisticsConsent.RefusedAsync(db, cancellationToken);
        var refusedIds = refused.ToList();
        var cases = db.Cases.AsNoTracking();
        var counted = refusedIds.Count == 0 ? cases : cases.Where(c => !refusedIds.Contains(c.Id));
        var groups = await counted
            .GroupBy(Specialise(KeyTemplate, need))
            .Select(g => new
            {
                g.Key.Year,
                g.Key.Sex,
                g.Key.Age,
                g.Key.Forms,
                g.Key.Citizenships,
                g.Key.Country,
                g.Key.OrganisationType,
                g.Key.Status,
                g.Key.Transnationality,
                Persons = g.Count(),
            })
            .ToListAsync(cancellationToken);
        var excluded = refusedIds.Count == 0 ? 0 : await cases.CountAsync(c => refusedIds.Contains(c.Id), cancellationToken);

        var builders = new List<PersonColumnBuilder>();
        var adders = new List<Action<int>>();
        foreach (var dimension in wanted)
        {
            var (builder, add) = Column(dimension);
            builders.Add(builder);
            adders.Add(add);
        }
        var weights = new int[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            weights[i] = groups[i].Persons;
            foreach (var add in adders)
            {
                add(i);
            }
        }
        return new(new PersonRecords([.. builders.Select(b => b.Build())], weights), excluded);

        (PersonColumnBuilder Builder, Action<int> Add) Column(string dimension)
        {
            switch (dimension)
            {
                case "year":
                    return Single(dimension, null, i => groups[i].Year.ToString(CultureInfo.InvariantCulture));
                case "sex":
                    return Single(dimension, null, i => groups[i].Sex);
                case "ageGroup":
                    return Single(dimension, AgeBands.Glotip.Labels, i => AgeBands.Glotip.Classify(groups[i].Age));
                case "ageBroad":
                    return Single(dimension, AgeBands.CtdcAgeBroad.Labels, i => AgeBands.CtdcAgeBroad.Classify(groups[i].Age));
                case "form":
                    var form = new PersonColumnBuilder(dimension, multiValued: true, labels: codes.ExploitationForm.Entries.Select(e => e.Code));
                    return (form, i => form.Add(groups[i].Forms.Split('|', StringSplitOptions.RemoveEmptyEntries)));
                case "citizenship":
                    // The first citizenship: a flow needs one origin per person.
                    return Single(dimension, null, i => groups[i].Citizenships.Split('|', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault());
                case "countryOfExploitation":
                    return Single(dimension, null, i => groups[i].Country);
                case "region":
                    return Single(dimension, null, i => CountryAttribute(groups[i].Country, "region"));
                case "subregion":
                    return Single(dimension, null, i => CountryAttribute(groups[i].Country, "subregion"));
                case "organisationType":
                    return Single(dimension, null, i => groups[i].OrganisationType);
                case "traffickingStatus":
                    return Single(dimension, null, i => groups[i].Status);
                default:
                    return Single(dimension, ["Domestic", "Transnational", Unknown], i => groups[i].Transnationality.ToString());
            }
        }

        (PersonColumnBuilder, Action<int>) Single(string dimension, IEnumerable<string>? fixedLabels, Func<int, string?> value)
        {
            var labels = fixedLabels ?? Enumerable.Range(0, groups.Count).Select(i => value(i) is { Length: > 0 } v ? v : Unknown)
                .Distinct(StringComparer.Ordinal).OrderBy(v => v == Unknown).ThenBy(v => v, StringComparer.Ordinal);
            var builder = new PersonColumnBuilder(dimension, labels: labels);
            return (builder, i => builder.Add(value(i)));
        }

        string? CountryAttribute(string? country, string attribute) =>
            country is null ? null : codes.Country.Find(country)?.Attribute(attribute);
    }

    /// <summary>The grouping key over every source column; <see cref="Specialise"/> keeps the needed ones and puts constants in the others.</summary>
    private static readonly Expression<Func<Case, bool[], GroupKey>> KeyTemplate = (c, need) => new GroupKey
    {
        Year = need[(int)Source.Year] ? c.IdentificationDate.Year : 0,
        Sex = need[(int)Source.Sex] ? c.Sex : "",
        Age = need[(int)Source.Age] ? c.AgeAtIdentification : null,
        Forms = need[(int)Source.Forms] ? c.FormsKey : "",
        Citizenships = need[(int)Source.Citizenships] ? c.CitizenshipsKey : "",
        Country = need[(int)Source.Country] ? c.Exploitation.CountryOfExploitation : null,
        OrganisationType = need[(int)Source.OrganisationType] ? c.DetectingOrganisationType : "",
        Status = need[(int)Source.Status] ? c.TraffickingStatus : "",
        Transnationality = need[(int)Source.Transnationality] ? c.Transnationality : Transnationality.Unknown,
    };

    /// <summary>The columns of a group (a constant for a column not grouped by).</summary>
    private sealed class GroupKey
    {
        public int Year { get; init; }

        public string Sex { get; init; } = "";

        public int? Age { get; init; }

        public string Forms { get; init; } = "";

        public string Citizenships { get; init; } = "";

        public string? Country { get; init; }

        public string OrganisationType { get; init; } = "";

        public string Status { get; init; } = "";

        public Transnationality Transnationality { get; init; }
    }

    /// <summary>
    /// Replaces each <c>need[i] ? column : constant</c> of <paramref name="template"/> by the column or the constant, so that the
    /// database groups only by the needed columns.
    /// </summary>
    private static Expression<Func<Case, GroupKey>> Specialise(Expression<Func<Case, bool[], GroupKey>> template, bool[] need) =>
        Expression.Lambda<Func<Case, GroupKey>>(new Choose(template.Parameters[1], need).Visit(template.Body), template.Parameters[0]);

    private sealed class Choose(ParameterExpression flags, bool[] need) : ExpressionVisitor
    {
        protected override Expression VisitConditional(ConditionalExpression node) =>
            node.Test is BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: var array, Right: var index } && array == flags
                ? Visit(need[Convert.ToInt32(((ConstantExpression)(index is UnaryExpression u ? u.Operand : index)).Value, CultureInfo.InvariantCulture)] ? node.IfTrue : node.IfFalse)
                : base.VisitConditional(node);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne referral dashboard [--organisation NAME|ID] [--json]</c> and <c>referral statistics [--json]</c>: the
/// deadlines per organisation and the logged release of the referral statistics.
/// </summary>
public static class ReferralDashboardCommands
{
    private static JsonSerializerOptions Json => ReferralCommand.Json;

    public static Command Dashboard()
    {
        var organisation = new Option<string?>("--organisation") { Description = "The organisation's name or id (default: every organisation with open deadlines)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("dashboard", "Print the overdue deadlines and those due within three days, per organisation.") { organisation, json };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var names = await services.GetRequiredService<OrganisationDirectory>().NamesAsync(cancellationToken);
            List<Guid> organisations;
            if (parseResult.GetValue(organisation) is { } wanted)
            {
                var match = (await services.GetRequiredService<OrganisationDirectory>().ChooseAsync(wanted, cancellationToken)).Matches;
                if (match.Count != 1)
                {
                    await Console.Error.WriteLineAsync($"ariadne: --organisation: no single organisation '{wanted}'.");
                    return 2;
                }
                organisations = [.. match];
            }
            else
            {
                organisations = await services.GetRequiredService<ReferralLookups>().OrganisationsWithOpenDeadlinesAsync(cancellationToken);
            }
            var service = services.GetRequiredService<NrmReports>();
            var codes = new Dictionary<Guid, string>();
            var dashboards = new List<NrmDashboard>();
            foreach (var id in organisations)
            {
                var dashboard = (await service.DashboardAsync(id, CaseViewer.LocalOperator, 50, cancellationToken)).Value!;
                dashboards.Add(dashboard);
                var ids = dashboard.Items.Select(i => i.CaseId).Where(i => !codes.ContainsKey(i)).Distinct().ToList();
                foreach (var (caseId, code) in await services.GetRequiredService<ReferralLookups>().CaseCodesAsync(ids, cancellationToken))
                {
                    codes[caseId] = code;
                }
            }
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(dashboards.Select(d => new
                {
                    d.OrganisationId,
                    Organisation = names.GetValueOrDefault(d.OrganisationId.GetValueOrDefault()),
                    d.Overdue,
                    d.Due,
                    Items = d.Items.Select(i => new { CaseCode = codes.GetValueOrDefault(i.CaseId), i.Kind, i.DueDate, i.Status }),
                }), Json));
                return 0;
            }
            foreach (var d in dashboards)
            {
                Console.WriteLine(Invariant($"{names.GetValueOrDefault(d.OrganisationId.GetValueOrDefault(), d.OrganisationId.GetValueOrDefault().ToString())}: {d.Overdue} overdue, {d.Due} due within three days"));
                foreach (var i in d.Items)
                {
                    Console.WriteLine(Invariant($"  {codes.GetValueOrDefault(i.CaseId)}\t{i.Kind}\t{i.DueDate:yyyy-MM-dd}\t{i.Status}"));
                }
            }
            return 0;
        }));
        return command;
    }

    public static Command Statistics()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var suppress = new Option<int>("--suppress") { Description = "Counts from 1 to N-1 are suppressed; 0 turns suppression off.", DefaultValueFactory = _ => new DisclosureOptions().Threshold };
        var command = new Command("statistics", "Time to each decision, the share within target and services per person (small counts suppressed), as a logged release (see `ariadne releases`).") { json, suppress };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var threshold = parseResult.GetValue(suppress);
            if (threshold < 0)
            {
                await Console.Error.WriteLineAsync("ariadne: --suppress must be 0 (off) or more.");
                return 2;
            }
            var asJson = parseResult.GetValue(json);
            var (release, table, report) = await AssistanceStatisticsProducer.PublishAsync(services.GetRequiredService<ReleaseService>(), threshold,
                asJson ? "json" : "tsv", cancellationToken);
            await Console.Error.WriteLineAsync($"Release {release.Id}: {release.Method}");
            await Console.Error.WriteLineAsync(StatsCommand.ExcludedByConsent(table.ExcludedByConsent ?? 0));
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
                return 0;
            }
            var hidden = "<" + report.Threshold.ToString(CultureInfo.InvariantCulture);
            string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? hidden;
            Console.WriteLine("decision\tcount\tmedian_days\twithin_target\t" + string.Join("\t", AssistanceStatistics.DayBands.Select(b => "days_" + b.Band)));
            foreach (var d in report.Decisions)
            {
                Console.WriteLine(Invariant($"{d.Kind}\t{Count(d.Decisions)}\t{d.MedianDays:0.0}\t{d.WithinTargetShare:0.00}\t") + string.Join("\t", d.Distribution.Select(b => Count(b.Count))));
            }
            var s = report.Services;
            Console.WriteLine(Invariant($"people\t{Count(s.People)}\tmean_services\t{s.MeanServices:0.00}\tmedian_services\t{s.MedianServices:0.0}"));
            Console.WriteLine("services_per_person\t" + string.Join("\t", s.Distribution.Select(b => $"{b.Band}={Count(b.Count)}")));
            Console.WriteLine("by_service\t" + string.Join("\t", s.ByService.Select(b => $"{b.Band}={Count(b.Count)}")));
            return 0;
        }));
        return command;
    }

    private static string Invariant(FormattableString text) => ReferralCommand.Invariant(text);
}

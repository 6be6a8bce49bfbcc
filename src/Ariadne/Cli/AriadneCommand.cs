using System.CommandLine;

namespace Ariadne.Cli;

/// <summary>
/// The command line. Exit codes a script can rely on: 0 success; 1 failure (one line on stderr says why);
/// 2 the input was invalid and nothing was stored (the reasons are listed on stderr or in a rejects file).
/// </summary>
public static class AriadneCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Ariadne: counter-trafficking information system (UN GA res. 76/7).");
        root.Options.Add(CliOptions.Database);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(DemoDataCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(PersonsCommand.Create());
        root.Subcommands.Add(DuplicatesCommand.Create());
        root.Subcommands.Add(RetentionCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(ReleasesCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(ScreenCommand.Create());
        root.Subcommands.Add(TokensCommand.Create());
        root.Subcommands.Add(ReferralCommand.Create());
        root.Subcommands.Add(InstrumentsCommand.Create());
        root.Subcommands.Add(EstimateCommand.Create());
        root.Subcommands.Add(LinkageCommand.Create());
        root.Subcommands.Add(FollowUpCommand.Create());
        root.Subcommands.Add(FinanceCommand.Create());
        return root;
    }
}

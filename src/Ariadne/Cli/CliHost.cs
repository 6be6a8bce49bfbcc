using System.CommandLine;
using Ariadne.Core;
using Ariadne.Core.Data;
using Ariadne.Core.Users;

namespace Ariadne.Cli;

/// <summary>
/// How every command runs: one host built like <c>serve</c>'s (the same configuration sources), one scope, the schema
/// checked once (<see cref="CliSession"/>), and one mapping of failures to an stderr line and an exit code.
/// </summary>
public static class CliHost
{
    /// <summary>
    /// The core services for <paramref name="database"/>, configured exactly as <c>serve</c> configures them
    /// (<see cref="Web.AriadneWebApp.Build"/>): <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> in the
    /// content root (beside the executable), then environment variables (<c>Retention__IdentityYears=7</c>,
    /// <c>Smtp__Host=…</c>), the environment named by <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c>. Nothing
    /// is logged: a command's output is its stdout and stderr lines.
    /// </summary>
    public static IHost Build(DatabaseOptions database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = typeof(Web.AriadneWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // The web host lets ASPNETCORE_ENVIRONMENT override DOTNET_ENVIRONMENT; so does the command line.
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } name ? name : null,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
        builder.Services.AddAriadneCore(builder.Configuration, database);
        builder.Services.AddAriadneUsers();
        return builder.Build();
    }

    /// <summary>
    /// Runs a command that needs the database: opens it (creating a brand-new one, refusing an out-of-date one) and hands
    /// <paramref name="job"/> the services of one scope.
    /// </summary>
    public static Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken, Func<IServiceProvider, CancellationToken, Task<int>> job) =>
        RunAsync(parseResult, cancellationToken, async session => await job(await session.OpenAsync(), cancellationToken));

    /// <summary>
    /// Runs a command that checks its input first and opens the database (<see cref="CliSession.OpenAsync"/>) only when it
    /// needs it, so that invalid input touches nothing. Any failure becomes one line on stderr and exit code 1 (2 for
    /// an invalid release parameter or an unreadable import file).
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken, Func<CliSession, Task<int>> job, SchemaUse schema = SchemaUse.CreateOrRequireCurrent)
    {
        try
        {
            await using var session = new CliSession(parseResult, schema, cancellationToken);
            return await job(session);
        }
        catch (CliSession.OutOfDateSchemaException e)
        {
            await Console.Error.WriteLineAsync($"ariadne: {e.Message}");
            return 1;
        }
        catch (Core.Statistics.Releases.ReleaseParameterException e)
        {
            await Console.Error.WriteLineAsync($"ariadne: {e.Message}");
            return 2;
        }
        catch (Core.ImportExport.ImportFileException e)
        {
            // A file that cannot be read as a whole (malformed, or beyond a size limit) is invalid input.
            await Console.Error.WriteLineAsync($"ariadne: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("ariadne: cancelled.");
            return 1;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"ariadne: {SchemaState.Innermost(e).Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    /// <summary>
    /// The organisation an operator named with <c>--organisation</c> (by name or id); with none named, the only one that
    /// holds cases. Invalid naming <c>--organisation</c> when none or several fit.
    /// </summary>
    public static async Task<Core.Common.Result<Guid>> OrganisationAsync(IServiceProvider services, string? wanted, CancellationToken cancellationToken)
    {
        var choice = await services.GetRequiredService<Core.Cases.OrganisationDirectory>().ChooseAsync(wanted, cancellationToken);
        if (choice.Single is { } id)
        {
            return id;
        }
        return Core.Common.Problem.Invalid("--organisation", "Choice", wanted is null
            ? $"{choice.Matches.Count} organisations hold cases; name one with --organisation"
            : $"'{wanted}' is not one organisation");
    }

    /// <summary>
    /// The one mapping of a Core <see cref="Core.Common.Problem"/> to the command line: one line on stderr, exit code 2
    /// for invalid input (naming each field) and 1 for everything else.
    /// </summary>
    public static async Task<int> ReportAsync(Core.Common.Problem problem, string? context = null)
    {
        var line = context is null ? problem.ToString() : $"{context}: {problem}";
        await Console.Error.WriteLineAsync($"ariadne: {line.ReplaceLineEndings(" ")}");
        return problem.Kind == Core.Common.ProblemKind.Invalid ? 2 : 1;
    }
}

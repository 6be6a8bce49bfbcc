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

/// <summary>What a command may do to the database's schema.</summary>
public enum SchemaUse
{
    /// <summary>Create a brand-new database; refuse an existing one that is out of date (every command but two).</summary>
    CreateOrRequireCurrent,

    /// <summary>Create or upgrade (<c>migrate</c>; <c>serve</c> upgrades through the web host).</summary>
    Upgrade,
}

/// <summary>
/// One command's run: the database it names, and, once <see cref="OpenAsync"/> is called, the host, one scope and the
/// schema checked. Disposed by <see cref="CliHost.RunAsync(ParseResult, CancellationToken, Func{CliSession, Task{int}}, SchemaUse)"/>.
/// </summary>
public sealed class CliSession(ParseResult parseResult, SchemaUse schema, CancellationToken cancellationToken) : IAsyncDisposable
{
    private IHost? _host;
    private AsyncServiceScope? _scope;
    private DatabaseOptions? _database;

    public ParseResult ParseResult { get; } = parseResult;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The database named by <c>--database</c>, else <c>$ARIADNE_DATABASE</c>, else <see cref="DefaultDatabase"/>.</summary>
    public DatabaseOptions Database => _database ??= CliOptions.ResolveDatabase(ParseResult, DefaultDatabase);

    /// <summary>The database used when none is named (<c>serve --demo</c> sets its own before the first use).</summary>
    public string DefaultDatabase { get; set; } = DatabaseOptions.DefaultSqlitePath;

    /// <summary>The host's (root) services, without opening the database: options and other singletons.</summary>
    public IServiceProvider HostServices => (_host ??= CliHost.Build(Database)).Services;

    /// <summary>
    /// The services of this command's scope, with the schema prepared: a brand-new database is created (or, for
    /// <see cref="SchemaUse.Upgrade"/>, any database upgraded); an existing out-of-date one is refused (exit 1, one line
    /// naming the database and <c>ariadne migrate</c>) and nothing is changed.
    /// </summary>
    public async Task<IServiceProvider> OpenAsync()
    {
        if (_scope is { } open)
        {
            return open.ServiceProvider;
        }
        var scope = HostServices.CreateAsyncScope();
        _scope = scope;
        var state = scope.ServiceProvider.GetRequiredService<SchemaState>();
        if (schema == SchemaUse.Upgrade)
        {
            await state.UpgradeAsync(CancellationToken);
        }
        else if (await state.PrepareAsync(CancellationToken) is { Status: SchemaStatus.OutOfDate } report)
        {
            throw new OutOfDateSchemaException(SchemaState.Refusal(Database, report));
        }
        return scope.ServiceProvider;
    }

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            _host?.Dispose();
        }
    }

    /// <summary>The schema of an existing database is older than this build: only <c>migrate</c> or <c>serve</c> may upgrade it.</summary>
    internal sealed class OutOfDateSchemaException(string message) : Exception(message);
}

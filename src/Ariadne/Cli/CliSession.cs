using System.CommandLine;
using Ariadne.Core.Data;

namespace Ariadne.Cli;

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

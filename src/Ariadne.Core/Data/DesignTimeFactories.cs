using Microsoft.EntityFrameworkCore.Design;

namespace Ariadne.Core.Data;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the application.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        (SqliteAppDbContext)DataServiceCollectionExtensions.CreateContext(DatabaseOptions.Parse("design-time.db"));
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model; no server is contacted to add a migration.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        (PostgresAppDbContext)DataServiceCollectionExtensions.CreateContext(
            DatabaseOptions.Parse("Host=localhost;Database=ariadne_design;Username=ariadne"));
}

using Ariadne.Core.Data;

namespace Ariadne.Tests.Data;

public sealed class DatabaseOptionsTests
{
    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite, "Data Source=ariadne.db")]
    [InlineData("/var/lib/ariadne/cases.db", DatabaseProvider.Sqlite, "Data Source=/var/lib/ariadne/cases.db")]
    [InlineData("Data Source=x.db;Cache=Shared", DatabaseProvider.Sqlite, "Data Source=x.db;Cache=Shared")]
    [InlineData("Host=db;Database=ariadne;Username=app", DatabaseProvider.Postgres, "Host=db;Database=ariadne;Username=app")]
    [InlineData("postgresql://app:s%40cret@db:5433/ariadne", DatabaseProvider.Postgres, "Host=db;Port=5433;Database=ariadne;Username=app;Password=s@cret")]
    public void Parse_Setting_PicksProviderAndConnectionString(string? setting, DatabaseProvider provider, string connectionString)
    {
        var options = DatabaseOptions.Parse(setting);
        Assert.Equal(provider, options.Provider);
        Assert.Equal(connectionString, options.ConnectionString);
    }

    [Fact]
    public void Describe_PostgresWithPassword_NeverPrintsThePassword()
    {
        var described = DatabaseOptions.Parse("Host=db;Database=ariadne;Username=app;Password=hunter2-hunter2").Describe();
        Assert.DoesNotContain("hunter2", described, StringComparison.Ordinal);
        Assert.Contains("Host=db", described, StringComparison.Ordinal);
    }
}

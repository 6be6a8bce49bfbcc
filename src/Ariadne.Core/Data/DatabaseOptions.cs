namespace Ariadne.Core.Data;

/// <summary>Which database Ariadne uses.</summary>
/// <remarks>
/// The single setting <c>Database</c> (environment <c>ARIADNE_DATABASE</c>, CLI <c>--database</c>) is either a path
/// to an SQLite file, an SQLite connection string (<c>Data Source=…</c>), or a PostgreSQL connection string
/// (<c>Host=…;Database=…;Username=…</c>, or a <c>postgresql://</c> URI).
/// </remarks>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlitePath = "ariadne.db";

    public static DatabaseOptions Parse(string? setting)
    {
        var value = string.IsNullOrWhiteSpace(setting) ? DefaultSqlitePath : setting.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Postgres, FromUri(new Uri(value)));
        }
        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Postgres, value);
        }
        if (value.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Sqlite, value);
        }
        return new(DatabaseProvider.Sqlite, $"Data Source={value}");
    }

    /// <summary>A description safe to print: the provider and the place, never a password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite ({ConnectionString.Replace("Data Source=", "", StringComparison.OrdinalIgnoreCase)})",
        DatabaseProvider.Postgres => "PostgreSQL (" + string.Join(";", ConnectionString.Split(';')
            .Where(p => p.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || p.StartsWith("Database=", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("Port=", StringComparison.OrdinalIgnoreCase))) + ")",
        _ => Provider.ToString(),
    };

    private static string FromUri(Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (uri.Port > 0)
        {
            parts.Add($"Port={uri.Port}");
        }
        parts.Add($"Database={uri.AbsolutePath.TrimStart('/')}");
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        }
        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        }
        return string.Join(";", parts);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

using Ariadne.Core;
using Ariadne.Core.Data;
using Ariadne.Core.Users;

namespace Ariadne.Cli;

/// <summary>The core services for a command-line job, without the web server.</summary>
public static class CliHost
{
    public static ServiceProvider Build(DatabaseOptions database)
    {
        // The same settings as serve: appsettings.json beside the executable, then environment variables (Retention__IdentityYears=7).
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddAriadneCore(configuration, database);
        services.AddAriadneUsers();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Runs <paramref name="job"/> and turns any failure into one line on stderr and exit code 1 (2 for an invalid release parameter or an unreadable import file).</summary>
    public static async Task<int> RunAsync(Func<Task<int>> job)
    {
        try
        {
            return await job();
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
            await Console.Error.WriteLineAsync($"ariadne: {OneLine(e)}");
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

    private static string OneLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            inner = inner.InnerException;
        }
        return inner.Message.ReplaceLineEndings(" ");
    }
}

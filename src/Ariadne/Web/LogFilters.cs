namespace Ariadne.Web;

public static class LogFilters
{
    /// <summary>
    /// EF Core's command log can carry SQL text and, with sensitive logging, parameter values: it is switched off so
    /// that no identifying data reaches a log. Failed commands still surface as exceptions.
    /// </summary>
    public static ILoggingBuilder AddAriadneLogFilters(this ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return logging;
    }
}

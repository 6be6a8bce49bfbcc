using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.ImportExport;

public static class ImportExportServiceCollectionExtensions
{
    /// <summary>Registers the case file import and export.</summary>
    public static IServiceCollection AddAriadneImportExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseImporter>();
        services.AddScoped<CaseExporter>();
        return services;
    }
}

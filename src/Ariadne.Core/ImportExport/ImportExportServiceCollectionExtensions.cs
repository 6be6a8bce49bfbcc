using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.ImportExport.Glotip;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.ImportExport;

public static class ImportExportServiceCollectionExtensions
{
    /// <summary>Registers the case file import and export and the GLOTIP and CTDC stores.</summary>
    public static IServiceCollection AddAriadneImportExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseImporter>();
        services.AddScoped<CaseExporter>();
        services.AddScoped<GlotipStore>();
        services.AddScoped<CtdcStore>();
        return services;
    }
}

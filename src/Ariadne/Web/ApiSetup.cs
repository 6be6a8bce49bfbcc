using System.Text.Json.Serialization;
using Scalar.AspNetCore;

namespace Ariadne.Web;

public static class ApiSetup
{
    /// <summary>JSON conventions, RFC 7807 problem details and the OpenAPI document for <c>/api/v1</c>.</summary>
    public static IServiceCollection AddAriadneApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<KeyUnavailableHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Ariadne API";
            document.Info.Description = "Counter-trafficking case registry (UN GA res. 76/7). Errors are RFC 7807 problem details.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Unhandled errors become problem details for the API and an error page for the UI; never a stack trace.</summary>
    public static IApplicationBuilder UseAriadneErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference at <c>/api/docs</c>.</summary>
    public static WebApplication MapAriadneApiDocuments(this WebApplication app)
    {
        app.MapOpenApi();
        // The reference reads the document and shows it; it offers nothing that calls another host: no "test request"
        // client (whose proxy and code generators are outside services), no AI agent or MCP, no fonts from a CDN, no telemetry.
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Ariadne API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .HideTestRequestButton().HideClientButton().HideDeveloperTools().DisableAgent().DisableMcp().DisableDefaultFonts().DisableTelemetry());
        return app;
    }
}

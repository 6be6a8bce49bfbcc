using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ariadne.Web;

/// <summary>
/// Documents query parameters that a handler reads from the query itself (so that it can name each invalid one in its
/// problem) and that the OpenAPI generator therefore cannot see.
/// </summary>
public static class OpenApiQuery
{
    /// <summary>An operation transformer that adds <paramref name="parameters"/> (name, JSON type, description) as optional query parameters.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Document(
        IReadOnlyList<(string Name, string Type, string Description)> parameters) => (operation, _, _) =>
    {
        operation.Parameters ??= [];
        foreach (var (name, type, description) in parameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema
                {
                    Type = type switch
                    {
                        "integer" => JsonSchemaType.Integer,
                        "boolean" => JsonSchemaType.Boolean,
                        _ => JsonSchemaType.String,
                    },
                },
            });
        }
        return Task.CompletedTask;
    };
}

using Ariadne.Core.Erasure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Attachments;

public static class AttachmentsServiceCollectionExtensions
{
    /// <summary>Registers attachments on cases (sealed, type-checked, size-limited by <see cref="AttachmentOptions"/>) and their part in erasure.</summary>
    public static IServiceCollection AddAriadneAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section));
        services.AddScoped<CaseAttachmentService>();
        services.AddScoped<IErasureParticipant, AttachmentErasureParticipant>();
        return services;
    }
}

namespace Ariadne.Audit;

public static class AuditSetup
{
    /// <summary>The signed checkpoints of the audit log's head: at start and every <c>Audit:CheckpointInterval</c> (section <c>Audit</c>).</summary>
    public static IServiceCollection AddAuditCheckpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuditCheckpointOptions>(configuration.GetSection(AuditCheckpointOptions.Section));
        services.AddSingleton<AuditCheckpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointService>());
        return services;
    }
}

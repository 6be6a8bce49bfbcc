using System.Threading.RateLimiting;

namespace Ariadne.Web;

/// <summary>
/// Rate limits: sign-in attempts per client address (slows password guessing across accounts, which per-account
/// lockout alone does not), and API calls per signed-in user or, anonymously, per address.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Api = "api";

    /// <summary>Adds the limits; <c>RateLimits:SignInPerMinute</c> (default 10) and <c>RateLimits:ApiPerMinute</c> (default 600) override them.</summary>
    /// <remarks>The values are read when a partition is first created, so configuration added after this call counts.</remarks>
    public static IServiceCollection AddAriadneRateLimits(this IServiceCollection services)
    {
        static int SignInPerMinute(HttpContext context) => context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimits:SignInPerMinute", 10);
        static int ApiPerMinute(HttpContext context) => context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimits:ApiPerMinute", 600);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInPerMinute(context), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(Api, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.IsAuthenticated == true
                    ? "user:" + context.User.Identity.Name
                    : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = ApiPerMinute(context),
                    TokensPerPeriod = ApiPerMinute(context),
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        return services;
    }
}

using System.Threading.RateLimiting;

namespace Ariadne.Web;

/// <summary>
/// Rate limits: sign-in attempts per client address (slows password guessing across accounts, which per-account
/// lockout alone does not), API calls per signed-in user or, anonymously, per address, and person lookups per user
/// (each answer tells whether a person is known, so they are rationed far below the general API limit).
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Api = "api";

    /// <summary>Person lookups (blind-index search by name and date of birth or document), per signed-in user.</summary>
    public const string PersonLookup = "person-lookup";

    /// <summary>Adds the limits; <c>RateLimits:SignInPerMinute</c> (default 10) <c>RateLimits:ApiPerMinute</c> (default 600) and <c>RateLimits:PersonLookupPerMinute</c> (default 20) override them.</summary>
    /// <remarks>The values are read when a partition is first created, so configuration added after this call counts.</remarks>
    public static IServiceCollection AddAriadneRateLimits(this IServiceCollection services)
    {
        static int SignInPerMinute(HttpContext context) => context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimits:SignInPerMinute", 10);
        static int PersonLookupPerMinute(HttpContext context) => context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimits:PersonLookupPerMinute", 20);
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
            // Per user (a token's user counts as the user); anonymous callers never reach the lookup (it needs the case-editor role).
            o.AddPolicy(PersonLookup, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.IsAuthenticated == true
                    ? "user:" + context.User.Identity.Name
                    : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = PersonLookupPerMinute(context), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}

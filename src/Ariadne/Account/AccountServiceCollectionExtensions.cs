using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ariadne.Account;

public static class AccountServiceCollectionExtensions
{
    /// <summary>
    /// The scheme that picks personal access tokens (<c>Bearer ari_…</c>) and short-lived bearer tokens for API clients,
    /// and the cookie for browsers.
    /// </summary>
    public const string CookieOrBearer = "CookieOrBearer";

    /// <summary>A signed-in browser session ends after this long without a request.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>A signed-in browser session ends this long after the sign-in, however active.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    private const string SignedInAtItem = "ariadne.signed-in-at";

    /// <summary>ASP.NET Core Identity with roles, the sign-in cookie for the UI and bearer tokens for API clients.</summary>
    public static IServiceCollection AddAriadneAccounts(this IServiceCollection services)
    {
        // Cookies and bearer tokens must be readable by every web node: the key ring lives in the shared database,
        // encrypted under the master keys so that a copy of the database cannot forge a session.
        services.AddDataProtection().SetApplicationName("Ariadne").PersistKeysToDbContext<AppDbContext>().ProtectKeysWithMasterKeys();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrBearer;
                o.DefaultChallengeScheme = CookieOrBearer;
            })
            .AddPolicyScheme(CookieOrBearer, CookieOrBearer, o => o.ForwardDefaultSelector = context =>
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                {
                    return IdentityConstants.ApplicationScheme;
                }
                // Another module (personal access tokens) may claim bearer values of its own format.
                var value = authorization["Bearer ".Length..].Trim();
                return context.RequestServices.GetServices<IBearerSchemeSelector>().Select(s => s.SchemeFor(value)).FirstOrDefault(s => s is not null)
                    ?? IdentityConstants.BearerScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1))
            .AddIdentityCookies();

        services.AddAriadneUsers()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AriadneClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        // The periodic claims refresh rebuilds the principal from the user; the second factor used at sign-in (amr=mfa)
        // is not stored on the user, so it is carried over, or a refreshed case worker could no longer create a token.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst("amr") is { } amr && context.NewPrincipal?.Identities.FirstOrDefault() is { } identity
                && !identity.HasClaim("amr", amr.Value))
            {
                identity.AddClaim(new System.Security.Claims.Claim("amr", amr.Value));
            }
            return Task.CompletedTask;
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "ariadne.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Idle expiry: the cookie lapses after IdleTimeout without a request; each request renews it.
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = context =>
            {
                // A refresh of the sign-in (security-stamp revalidation) keeps the original sign-in time.
                context.Properties.Items.TryAdd(SignedInAtItem, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>()
                    .GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                return Task.CompletedTask;
            };
            var validateSecurityStamp = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                // Absolute expiry: renewals do not extend a session beyond AbsoluteLifetime after the sign-in.
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (!context.Properties.Items.TryGetValue(SignedInAtItem, out var signedIn)
                    || !DateTimeOffset.TryParse(signedIn, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
                    || now - at >= AbsoluteLifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                // Server-side revocation, on every request: a cookie whose security stamp is no longer the user's (signed
                // out, password, second factor or roles changed, locked out or disabled) is refused even when replayed.
                var signInManager = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
                if (context.Principal is null || await SessionValidation.CurrentUserAsync(signInManager, context.Principal) is null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                // Identity's periodic refresh of the claims (every 30 minutes) follows.
                await validateSecurityStamp(context);
            };
            // API callers get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => RedirectOrStatus(context.Request, context.Response, context.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context.Request, context.Response, context.RedirectUri, StatusCodes.Status403Forbidden);
        });

        // Cookies are Secure on HTTPS requests (the default policy); Security:RequireHttps makes the sign-in cookies Secure
        // always. (Not the antiforgery cookie: with that policy, antiforgery refuses to work on a plain-HTTP request at all.)
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme })
        {
            services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) =>
            {
                if (security.Value.RequireHttps)
                {
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            });
        }

        // Audit entries name the signed-in user and the client's address.
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditContext, HttpAuditContext>();

        // Pages other than the account pages stay closed until a one-time password has been replaced.
        services.Configure<MvcOptions>(o => o.Filters.Add<MustChangePasswordFilter>());
        // …and, for roles that can reveal identities, until an authenticator app is enrolled.
        services.AddOptions<SecurityOptions>().BindConfiguration("Security");
        services.Configure<MvcOptions>(o => o.Filters.Add<TwoFactorEnrolmentFilter>());

        services.AddAuthorizationBuilder()
            // Need-to-know (see CaseAccess): administrators, analysts and auditors read no case record.
            .AddPolicy(Policies.CaseReader, p => p.RequireRole(Roles.CaseWorker, Roles.Coordinator))
            .AddPolicy(Policies.CaseEditor, p => p.RequireRole(Roles.CaseWorker))
            .AddPolicy(Policies.AuditReader, p => p.RequireRole(Roles.Auditor))
            // The referral mechanism's pages and endpoints: who takes part in it (what each may see and do is the Core's).
            .AddPolicy(Policies.ReferralParticipant, p => p.RequireRole(Roles.CaseWorker, Roles.Coordinator, Roles.CompetentAuthority, Roles.SupportProvider))
            .AddPolicy(Policies.ReferralResponder, p => p.RequireRole(Roles.CaseWorker, Roles.SupportProvider))
            .AddPolicy(Policies.DecisionMaker, p => p.RequireRole(Roles.CompetentAuthority))
            // Aggregates after disclosure control, nationally: case workers are left out, since a table over every
            // organisation's cases is more than their need-to-know (a per-organisation producer would be needed).
            .AddPolicy(Policies.StatisticsReader, p => p.RequireRole(Roles.Coordinator, Roles.Analyst))
            // Bank data names account holders: financial investigators only (docs/finance.md, "Who sees what").
            .AddPolicy(Policies.FinanceInvestigator, p => p.RequireRole(Roles.FinancialInvestigator));
        return services;
    }

    private static Task RedirectOrStatus(HttpRequest request, HttpResponse response, string redirectUri, int status)
    {
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = status;
        }
        else
        {
            response.Redirect(redirectUri);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Named authorization policies.</summary>
public static class Policies
{
    public const string CaseReader = nameof(CaseReader);
    public const string CaseEditor = nameof(CaseEditor);
    public const string AuditReader = nameof(AuditReader);

    /// <summary>Anyone taking part in the referral mechanism: case workers, coordinators, competent authorities, support providers.</summary>
    public const string ReferralParticipant = nameof(ReferralParticipant);

    /// <summary>Who answers referrals to services and records the services delivered: case workers and support providers.</summary>
    public const string ReferralResponder = nameof(ReferralResponder);

    /// <summary>The competent authority's decision queue.</summary>
    public const string DecisionMaker = nameof(DecisionMaker);

    /// <summary>Aggregates only (small counts suppressed): coordinators and analysts.</summary>
    public const string StatisticsReader = nameof(StatisticsReader);

    /// <summary>The financial-flow analysis (datasets, alerts, party data): financial investigators only.</summary>
    public const string FinanceInvestigator = nameof(FinanceInvestigator);
}

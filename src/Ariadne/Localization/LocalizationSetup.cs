using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Ariadne.Localization;

public static class LocalizationSetup
{
    /// <summary>The UI languages. The first is the default.</summary>
    public static readonly IReadOnlyList<CultureInfo> Cultures = [new("en"), new("de")];

    public static IServiceCollection AddAriadneLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = [.. Cultures];
            o.SupportedUICultures = [.. Cultures];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The user's choice (cookie) wins over the browser's Accept-Language; no query-string culture.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static IApplicationBuilder UseAriadneLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>POST /culture: stores the chosen language in a cookie and returns to the page the user was on (works without JavaScript).</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/culture", (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (!Cultures.Any(c => c.Name == culture))
            {
                return Results.BadRequest();
            }
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = returnUrl is { Length: > 0 } && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                ? returnUrl
                : "/";
            return Results.LocalRedirect(target);
        });
        return app;
    }
}

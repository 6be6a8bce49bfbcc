using Ariadne.Account;
using Ariadne.Admin;
using Ariadne.Audit;
using Ariadne.Cases;
using Ariadne.Consent;
using Ariadne.Core;
using Ariadne.Core.Data;
using Ariadne.Duplicates;
using Ariadne.FollowUp;
using Ariadne.Jobs;
using Ariadne.Linkage;
using Ariadne.Localization;
using Ariadne.Referral;
using Ariadne.Referral.National;
using Ariadne.Referral.Transnational;
using Ariadne.Retention;
using Ariadne.Screening;
using Ariadne.Statistics;
using Ariadne.Tokens;

namespace Ariadne.Web;

/// <summary>The web application's table of contents: which modules it adds and maps, in order.</summary>
public static class AriadneWebApp
{
    /// <summary>Builds the web application for <paramref name="database"/>; <paramref name="configure"/> lets tests swap services.</summary>
    public static WebApplication Build(string[] args, DatabaseOptions database, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The pages live in this assembly whoever hosts it (the executable, or a test process).
            ApplicationName = typeof(AriadneWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddAriadneLogFilters();
        builder.Services.AddAriadneCore(builder.Configuration, database);
        builder.Services.AddAriadneAccounts();
        builder.Services.AddPersonalAccessTokenAuthentication();
        builder.Services.AddAriadneLocalization();
        builder.Services.AddAriadneApi();
        builder.Services.AddAriadneRateLimits();
        builder.Services.AddAriadneForwardedHeaders();
        builder.Services.AddRetentionWorker();
        builder.Services.AddJobWorker();
        builder.Services.AddReferralReminders();
        builder.Services.AddAuditCheckpoints(builder.Configuration);
        builder.Services.AddStatisticsUi();
        // Pages that check a password are limited per client address, as the token endpoint is (the second-factor step
        // counts towards the lockout instead).
        builder.Services.AddRazorPages(o =>
        {
            foreach (var page in new[] { "/Account/Login", "/Account/ChangePassword", "/Account/TwoFactor" })
            {
                o.Conventions.AddPageApplicationModelConvention(page,
                    model => model.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(RateLimits.SignIn)));
            }
        });
        // German and other scripts are written as characters, not as HTML entities.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAriadneForwardedHeaders();
        app.UseAriadneErrorHandling();
        app.UseAriadneSecurityHeaders();
        app.UseEmbeddedAssets();
        app.UseAriadneLocalization();
        app.UseAuthentication();
        app.UseSessionValidation();
        app.UseTokenScopeGate();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAttachmentUploadLimit();
        app.UseAntiforgery();
        app.MapAriadneApiDocuments();
        app.MapAccountApi();
        app.MapCaseApi();
        app.MapCaseNoteApi();
        app.MapCaseAttachmentApi();
        app.MapCaseTimelineApi();
        Ariadne.Finance.AssetEndpoints.MapAssetApi(app);
        app.MapConsentApi();
        app.MapScreeningApi();
        app.MapNrmApi();
        app.MapTransnationalReferralApi();
        app.MapAuditApi();
        app.MapPersonApi();
        app.MapRetentionApi();
        app.MapTokenApi();
        app.MapJobApi();
        app.MapStatisticsApi();
        app.MapAdminApi();
        app.MapDuplicateApi();
        app.MapLinkageApi();
        app.MapFollowUpApi();
        app.MapPublicFollowUpApi();
        Ariadne.Finance.FinanceEndpoints.MapFinanceApi(app);
        Ariadne.Finance.FinanceListEndpoints.MapFinanceListApi(app);
        app.MapCultureSwitch();
        app.MapRazorPages();
        return app;
    }
}

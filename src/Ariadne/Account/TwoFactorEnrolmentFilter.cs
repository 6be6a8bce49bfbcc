using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Ariadne.Account;

/// <summary>
/// Sends a signed-in user whose role requires a second factor, and who has none enrolled, to
/// <c>/Account/TwoFactor</c> from every page outside <c>/Account/</c>.
/// </summary>
internal sealed class TwoFactorEnrolmentFilter(IOptions<SecurityOptions> options) : IAsyncPageFilter
{
    public const string EnrolmentPage = "/Account/TwoFactor";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ViewEnginePath;
        if (TwoFactorRules.MustEnrol(context.HttpContext.User, options.Value) && !page.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase))
        {
            var request = context.HttpContext.Request;
            context.Result = new RedirectToPageResult(EnrolmentPage, new { returnUrl = $"{request.PathBase}{request.Path}{request.QueryString}" });
            return Task.CompletedTask;
        }
        return next();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Ariadne.Account;

/// <summary>
/// Sends a signed-in user who still has a one-time password to <c>/Account/ChangePassword</c> from every page
/// outside <c>/Account/</c>. The flag travels as a claim, so the check needs no database query.
/// </summary>
internal sealed class MustChangePasswordFilter : IAsyncPageFilter
{
    public const string ChangePasswordPage = "/Account/ChangePassword";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        var page = context.ActionDescriptor.ViewEnginePath;
        if (user.Identity?.IsAuthenticated == true
            && user.HasClaim(c => c.Type == AriadneClaimsPrincipalFactory.MustChangePasswordClaim)
            && !page.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase))
        {
            var request = context.HttpContext.Request;
            context.Result = new RedirectToPageResult(ChangePasswordPage, new { returnUrl = $"{request.PathBase}{request.Path}{request.QueryString}" });
            return Task.CompletedTask;
        }
        return next();
    }
}

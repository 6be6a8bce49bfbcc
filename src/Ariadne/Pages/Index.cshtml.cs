using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages;

/// <summary>
/// The start page: for a signed-in user, what each of their roles must do today (one section per role, see
/// <c>Pages/Start</c>); everyone else is sent to the sign-in page. Every role can open it, so it is where sign-in,
/// "access denied" and the brand link lead.
/// </summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : RedirectToPage("/Account/Login");
}

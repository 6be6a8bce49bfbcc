using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages;

/// <summary>The start page only routes: signed-in users to the case list, everyone else to the sign-in page.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? RedirectToPage("/Cases/Index") : RedirectToPage("/Account/Login");
}

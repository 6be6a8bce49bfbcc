using System.Security.Claims;
using Ariadne.Account;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Ariadne.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Ariadne.Pages.Account;

/// <summary>
/// The signed-in user's personal access tokens: list, create (the token is shown on the answer to the creation, once),
/// revoke. Administrators also see and may revoke everybody's tokens, never their secrets.
/// </summary>
[Authorize]
public sealed class TokensModel(PersonalAccessTokenService tokens, IOptions<SecurityOptions> security, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<TokenSummary> Own { get; private set; } = [];

    /// <summary>Everybody's tokens; filled for administrators only.</summary>
    public IReadOnlyList<TokenSummary>? All { get; private set; }

    /// <summary>The token string just created; rendered on this one response and never again.</summary>
    public string? CreatedToken { get; private set; }

    public PersonalAccessTokenOptions Options => tokens.Options;

    public bool SecondFactorMissing => TokenRules.SecondFactorMissing(User, security.Value);

    [BindProperty]
    public TokenForm Input { get; set; } = new();

    public bool HasError(string key) => ModelState[key] is { Errors.Count: > 0 };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Days = tokens.LifetimeDays(null);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (SecondFactorMissing)
        {
            ModelState.AddModelError("", t["Tokens.SecondFactorRequired"]);
        }
        else if (ModelState.IsValid)
        {
            var result = await tokens.CreateAsync(UserId, new TokenRequest(Input.Name, Input.Scopes, Input.Days), cancellationToken);
            if (result.Succeeded)
            {
                CreatedToken = result.Value!.TokenString;
                Response.Headers.CacheControl = "no-store";
                ModelState.Clear();
                Input = new TokenForm { Days = tokens.LifetimeDays(null) };
            }
            foreach (var error in result.Problem?.Errors ?? [])
            {
                ModelState.AddModelError("Input." + error.Field, t["Tokens.Error." + error.Code, error.Arguments]);
            }
        }
        else
        {
            ModelState.AddModelError("Input.Days", t["Tokens.Error." + TokenInputError.LifetimeOutOfRange, PersonalAccessTokenService.MaxNameLength, Options.MaxLifetimeDays]);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        Guid? owner = User.IsInRole(Roles.Administrator) ? null : UserId;
        TempData["StatusMessage"] = await tokens.RevokeAsync(id, owner, cancellationToken) ? t["Tokens.Revoked"].Value : t["Tokens.NotFound"].Value;
        return RedirectToPage();
    }

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Own = await tokens.ListAsync(UserId, cancellationToken);
        if (User.IsInRole(Roles.Administrator))
        {
            All = await tokens.ListAsync(null, cancellationToken);
        }
    }

    public sealed class TokenForm
    {
        public string? Name { get; set; }

        public List<string> Scopes { get; set; } = [];

        public int? Days { get; set; }
    }
}

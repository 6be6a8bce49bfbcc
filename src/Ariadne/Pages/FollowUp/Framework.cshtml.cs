using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// One framework: its items in number order, and for coordinators a form to add an item and, for a declaration, the
/// upload that loads the official English text of its paragraphs from a supplied copy of the document.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class FrameworkModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public FrameworkView? View { get; private set; }

    public bool MayOwn { get; private set; }

    public IReadOnlyList<OrganisationRef> Organisations { get; private set; } = [];

    [BindProperty]
    public ItemForm Item { get; set; } = new();

    [BindProperty]
    public IFormFile? TextFile { get; set; }

    /// <summary>The language of the loaded text: en (the official English text) or de (the German text).</summary>
    [BindProperty]
    public string TextLanguage { get; set; } = "en";

    /// <summary>German only: where the official translation comes from, as the coordinator states it.</summary>
    [BindProperty]
    public string? TextOfficialSource { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAddItemAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var result = await followUp.CreateItemAsync(id, Item.ToInput(), User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Problem!.Kind is ProblemKind.NotFound)
            {
                return NotFound();
            }
            ProblemMessages.AddTo(ModelState, result.Problem!, t, "Item.");
            return await ShowAsync(id, cancellationToken);
        }
        TempData["StatusMessage"] = t["FollowUp.ItemCreated"].Value;
        return RedirectToPage("Item", new { id = result.Value });
    }

    public async Task<IActionResult> OnPostLoadTextAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (TextFile is not { Length: > 0 } file || file.Length > FollowUpService.MaxTreatyFileBytes)
        {
            ModelState.AddModelError(nameof(TextFile), t["FollowUp.LoadText.NoFile"]);
            return await ShowAsync(id, cancellationToken);
        }
        string content;
        using (var reader = new StreamReader(file.OpenReadStream()))
        {
            content = await reader.ReadToEndAsync(cancellationToken);
        }
        var result = await followUp.LoadTextAsync(id, TextLanguage, content, Path.GetFileName(file.FileName), User.ToCaseViewer(), cancellationToken, TextOfficialSource);
        if (!result.Succeeded)
        {
            switch (result.Problem!.Kind)
            {
                case ProblemKind.NotFound:
                    return NotFound();
                case ProblemKind.Forbidden:
                    return Forbid();
            }
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(id, cancellationToken);
        }
        TempData["StatusMessage"] = t["FollowUp.LoadText.Loaded", result.Value!.Paragraphs, result.Value.ItemsChanged].Value
            + (result.Value.Language == "de" ? " " + (result.Value.OfficialTranslation is { } official
                ? t["FollowUp.LoadText.Official", official].Value : t["FollowUp.LoadText.NotOfficial"].Value) : "");
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var result = await followUp.FrameworkAsync(id, viewer, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        View = result.Value;
        MayOwn = FollowUpRules.MayOwn(viewer);
        Organisations = await followUp.OrganisationsAsync(cancellationToken);
        return Page();
    }
}

/// <summary>The fields of an item as the forms send them.</summary>
public sealed class ItemForm
{
    public string? Number { get; set; }

    public string? Title { get; set; }

    public string? Text { get; set; }

    public string? TitleDe { get; set; }

    public string? TextDe { get; set; }

    public AcceptanceStatus? Acceptance { get; set; }

    public string? Themes { get; set; }

    public List<Guid> InstitutionIds { get; set; } = [];

    public ItemInput ToInput() => new(Number, Title, Text, TitleDe, TextDe, Acceptance, Themes, InstitutionIds);

    public static ItemForm From(ItemView item) => new()
    {
        Number = item.Number,
        Title = item.Title,
        Text = item.Text,
        TitleDe = item.TitleDe,
        TextDe = item.TextDe,
        Acceptance = item.Acceptance,
        Themes = string.Join("; ", item.Themes),
        InstitutionIds = item.Institutions.Select(i => i.Id).ToList(),
    };
}

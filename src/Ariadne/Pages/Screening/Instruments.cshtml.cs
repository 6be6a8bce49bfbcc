using Ariadne.Account;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Common;
using Ariadne.Core.Screening;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Screening;

/// <summary>
/// Administrators: the instrument versions with their verification marks, installing a national version from a JSON
/// file, and the impact analysis of a candidate version (installed, or a file not installed yet).
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class InstrumentsModel(InstrumentCatalogue catalogue, ScreeningService screenings) : PageModel
{
    /// <summary>Larger files are refused before they are read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public IReadOnlyList<InstrumentSummary> Instruments { get; private set; } = [];

    /// <summary>The key of the version just installed.</summary>
    public string? Installed { get; private set; }

    public ImpactReport? Impact { get; private set; }

    /// <summary>The instrument JSON to install.</summary>
    [BindProperty]
    public IFormFile? InstrumentFile { get; set; }

    /// <summary>An installed or shipped version to analyse (<c>ID@VERSION</c>); ignored when a candidate file is given.</summary>
    [BindProperty]
    public string? Candidate { get; set; }

    /// <summary>A candidate version as a JSON file, analysed without installing it.</summary>
    [BindProperty]
    public IFormFile? CandidateFile { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInstallAsync(CancellationToken cancellationToken)
    {
        var json = await ReadAsync(InstrumentFile, nameof(InstrumentFile), cancellationToken);
        if (json is not null)
        {
            var result = await catalogue.InstallAsync(json, User.ToCaseViewer(), cancellationToken);
            switch (result.Problem?.Kind)
            {
                case null:
                    Installed = result.Value!.Key;
                    break;
                case ProblemKind.Forbidden:
                    return Forbid();
                default:
                    AddErrors(nameof(InstrumentFile), result.Problem.Errors.Select(e => (e.Field, e.Message)));
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    break;
            }
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostImpactAsync(CancellationToken cancellationToken)
    {
        CompiledInstrument? candidate = null;
        if (CandidateFile is { Length: > 0 })
        {
            if (await ReadAsync(CandidateFile, nameof(CandidateFile), cancellationToken) is { } json)
            {
                var (compiled, errors) = catalogue.Validate(json);
                AddErrors(nameof(CandidateFile), errors.Select(e => (e.Path, e.Message)));
                candidate = compiled;
            }
        }
        else if (string.IsNullOrWhiteSpace(Candidate) || (candidate = await catalogue.FindAsync(Candidate.Trim(), cancellationToken)) is null)
        {
            ModelState.AddModelError(nameof(Candidate), string.IsNullOrWhiteSpace(Candidate)
                ? "Choose an instrument version or a candidate file."
                : $"No instrument '{Candidate}'.");
        }
        if (candidate is not null)
        {
            Impact = await screenings.ImpactAsync(candidate, cancellationToken);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Instruments = await catalogue.ListAsync(cancellationToken);

    private async Task<string?> ReadAsync(IFormFile? file, string field, CancellationToken cancellationToken)
    {
        if (file is not { Length: > 0 })
        {
            ModelState.AddModelError(field, "Choose a JSON file.");
            return null;
        }
        if (file.Length > MaxFileBytes)
        {
            ModelState.AddModelError(field, $"The file has {file.Length:N0} bytes; at most {MaxFileBytes:N0} are allowed.");
            return null;
        }
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private void AddErrors(string field, IEnumerable<(string Path, string Message)> errors)
    {
        foreach (var (path, message) in errors)
        {
            ModelState.AddModelError(field, $"{path}: {message}");
        }
    }
}

using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>Loading the official English or German text of a framework's items (the declaration 76/7) from a file the user supplies.</summary>
public sealed partial class FollowUpService
{
    /// <summary>
    /// Stores the numbered paragraphs of a supplied copy of the framework's document (<see cref="OfficialText"/>) as its
    /// items' English text, marking each as official (<see cref="CommitmentItem.TextSource"/>: the file's name), or as
    /// their German text (<see cref="CommitmentItem.TextDeSource"/>). The German text is marked as an <b>official
    /// translation</b> only when the file says so (<see cref="OfficialText.OfficialMark"/>) or the coordinator states its
    /// source (<paramref name="translationSource"/>); otherwise it is stored as loaded from the file, not official. Each
    /// changed item gets a new version in its history, as any item update. All or nothing: the file's paragraph numbers
    /// must be exactly the framework's item numbers, and the error names the missing and the extra numbers.
    /// </summary>
    /// <returns>The count of paragraphs and changed items; Forbidden; NotFound (framework); Invalid (<c>Language</c>, <c>Source</c> or <c>File</c>).</returns>
    public async Task<Result<TextLoadResult>> LoadTextAsync(Guid frameworkId, string? language, string content, string? fileName, CaseViewer viewer,
        CancellationToken cancellationToken, string? translationSource = null)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpTextLoad, AuditOutcomes.Denied, FrameworkSubject, frameworkId.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        if (language is not ("en" or "de"))
        {
            return Problem.Invalid("Language", "Language", "Language: en (the official English text) or de (the German text).", language ?? "");
        }
        if (translationSource is { Length: > FollowUpRules.MaxTitleLength })
        {
            return Problem.Invalid("Source", "TooLong", $"Source: at most {FollowUpRules.MaxTitleLength} characters.", translationSource.Length, FollowUpRules.MaxTitleLength);
        }
        var german = language == "de";
        var framework = await db.Set<CommitmentFramework>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == frameworkId, cancellationToken);
        if (framework is null)
        {
            return Problem.NotFound("No such framework.");
        }
        var items = await db.Set<CommitmentItem>().Include(i => i.Institutions).Where(i => i.FrameworkId == frameworkId).ToListAsync(cancellationToken);
        var (paragraphs, errors) = OfficialText.Read(content, language);
        var list = errors.ToList();
        var numbers = items.Select(i => i.Number).ToHashSet(StringComparer.Ordinal);
        var found = paragraphs.Select(p => p.Number).ToHashSet(StringComparer.Ordinal);
        if (paragraphs.Count == 0)
        {
            list.Add(new("File", "NoParagraphs", "File: no numbered paragraphs (a line starting '1. We …') were found."));
        }
        else
        {
            var missing = numbers.Where(n => !found.Contains(n)).Order(NumberComparer.Instance).ToList();
            var extra = found.Where(n => !numbers.Contains(n)).Order(NumberComparer.Instance).ToList();
            if (missing.Count > 0)
            {
                list.Add(new("File", "Missing", $"File: paragraphs {string.Join(", ", missing)} of {framework.Code} are not in the file.", string.Join(",", missing)));
            }
            if (extra.Count > 0)
            {
                list.Add(new("File", "Extra", $"File: paragraphs {string.Join(", ", extra)} are in the file but not in {framework.Code}.", string.Join(",", extra)));
            }
        }
        foreach (var p in paragraphs.Where(p => p.Text.Length > FollowUpRules.MaxTextLength))
        {
            list.Add(new("File", "TooLong", $"File: paragraph {p.Number} (line {p.Line}) is longer than {FollowUpRules.MaxTextLength} characters.", p.Number));
        }
        if (list.Count > 0)
        {
            await AuditAsync(AuditActions.FollowUpTextLoad, AuditOutcomes.Failed, FrameworkSubject, frameworkId.ToString(),
                new Dictionary<string, string> { ["errors"] = list.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            return Problem.Invalid(list);
        }
        var source = Blank(fileName) is { } name ? name[..Math.Min(name.Length, FollowUpRules.MaxTitleLength)] : "file";
        var texts = paragraphs.ToDictionary(p => p.Number, p => p.Text, StringComparer.Ordinal);
        // Official only when the file says so or the coordinator names the source; never assumed.
        var official = german ? Blank(translationSource) ?? OfficialText.OfficialMark(content) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var changed = 0;
        foreach (var item in items)
        {
            var before = Snapshot(item);
            if (german)
            {
                item.TextDe = texts[item.Number];
                item.TextDeSource = source;
                item.TextDeOfficial = official;
            }
            else
            {
                item.Text = texts[item.Number];
                item.TextSource = source;
            }
            var changes = Diff(before, Snapshot(item));
            if (changes.Count == 0)
            {
                continue;
            }
            item.Version++;
            item.UpdatedAtUtc = now;
            AddChange(ItemSubject, item.Id, item.Version, "updated", changes, now);
            changed++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpTextLoad, AuditOutcomes.Success, FrameworkSubject, frameworkId.ToString(),
            new Dictionary<string, string>
            {
                ["language"] = language,
                ["official"] = official is null ? "no" : "yes",
                ["paragraphs"] = paragraphs.Count.ToString(CultureInfo.InvariantCulture),
                ["changed"] = changed.ToString(CultureInfo.InvariantCulture)
            }, cancellationToken);
        return new TextLoadResult(frameworkId, language, paragraphs.Count, changed, official);
    }
}

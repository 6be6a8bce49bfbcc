using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.FollowUp;

/// <summary>A one-time feedback code as the case worker hands it on (shown once; only its hash is kept).</summary>
public sealed record FeedbackCode(string Code, DateTime ExpiresAtUtc);

/// <summary>The published results: the release that logged them, its method, and one row per question and answer ("Total" last).</summary>
public sealed record FeedbackResults(Guid ReleaseId, string From, string To, int Version, int Threshold, string Method, IReadOnlyList<FeedbackResultRow> Rows);

/// <summary>One published count: the answer's value ("Total" for the question's total) and what is shown (a number, "&lt;5" or "x").</summary>
public sealed record FeedbackResultRow(int Question, string Answer, string Count);

/// <summary>
/// Survivor feedback (issue 18, item 4), consent-based and anonymous. A case worker opens a one-time code
/// (<see cref="OpenAsync"/>); the survivor, on their own device through the link or on the case worker's device in the
/// kiosk page, first reads what is asked and why and agrees or declines (<see cref="DeclineAsync"/>); the answers
/// (<see cref="SubmitAsync"/>) are stored apart from the case file as <see cref="FeedbackAnswer"/> rows — one per answer,
/// with the organisation and the month only — and are counted only after their month is over
/// (<see cref="ReleaseClosedMonthsAsync"/>). Results leave only as disclosure-controlled counts through the statistics
/// releases (<see cref="SurvivorFeedbackProducer"/>).
/// </summary>
public sealed class SurvivorFeedbackService(AppDbContext db, IAuditLog audit, TimeProvider time, ReleaseService releases)
{
    public const string InvitationSubject = "feedback-invitation";

    /// <summary>A code lapses after this many days unused.</summary>
    public const int CodeValidDays = 14;

    /// <summary>Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or typed is not mistaken.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Case workers and coordinators of an organisation open codes (the answers count for their organisation).</summary>
    public static bool MayInvite(CaseViewer viewer) => viewer.OrganisationId is not null
        && (viewer.Roles.Contains(UserRoles.CaseWorker) || viewer.Roles.Contains(UserRoles.Coordinator));

    /// <summary>Coordinators, analysts and auditors read the published counts (never a single answer).</summary>
    public static bool MayReadResults(CaseViewer viewer) => viewer.IsLocalOperator
        || viewer.Roles.Contains(UserRoles.Coordinator) || viewer.Roles.Contains(UserRoles.Analyst) || viewer.Roles.Contains(UserRoles.Auditor);

    public static SurvivorFeedbackInstrument Instrument => SurvivorFeedbackInstrument.Current;

    /// <summary>Opens a one-time code for a survivor. No case is named: the code is for "a survivor of this organisation".</summary>
    public async Task<Result<FeedbackCode>> OpenAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayInvite(viewer))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FollowUpFeedbackInvitation, AuditOutcomes.Denied, InvitationSubject), cancellationToken);
            return Problem.Forbidden();
        }
        var code = string.Concat(RandomNumberGenerator.GetItems<char>(Alphabet, 12));
        var expires = time.GetUtcNow().UtcDateTime.AddDays(CodeValidDays);
        db.Set<FeedbackInvitation>().Add(new FeedbackInvitation { Id = Guid.NewGuid(), CodeHash = Hash(code), OrganisationId = viewer.OrganisationId!.Value, ExpiresAtUtc = expires });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FollowUpFeedbackInvitation, AuditOutcomes.Success, InvitationSubject), cancellationToken);
        return new FeedbackCode($"{code[..4]}-{code[4..8]}-{code[8..]}", expires);
    }

    /// <summary>Whether <paramref name="code"/> is an open, unexpired code (the survivor's page asks before showing the questions).</summary>
    public async Task<bool> IsOpenAsync(string? code, CancellationToken cancellationToken) => await FindAsync(code, cancellationToken) is not null;

    /// <summary>The survivor declines: the code is withdrawn and nothing is stored (not even that someone declined).</summary>
    public async Task<Result> DeclineAsync(string? code, CancellationToken cancellationToken)
    {
        if (await FindAsync(code, cancellationToken) is not { } invitation)
        {
            return Problem.NotFound("The code is not open (used, declined, lapsed or mistyped).");
        }
        db.Remove(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success;
    }

    /// <summary>
    /// Stores a survivor's answers (question number → value; a text question's words are reduced to "given" and dropped)
    /// and withdraws the code, in one transaction. Not audited one by one (see <see cref="AuditActions.FollowUpFeedbackRelease"/>).
    /// </summary>
    /// <returns>How many answers were stored; NotFound when the code is not open; Invalid naming the question.</returns>
    public async Task<Result<int>> SubmitAsync(string? code, IReadOnlyDictionary<int, string?> answers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (await FindAsync(code, cancellationToken) is not { } invitation)
        {
            return Problem.NotFound("The code is not open (used, declined, lapsed or mistyped).");
        }
        var instrument = Instrument;
        var (checkedAnswers, errors) = instrument.Check(answers);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var period = Month(time.GetUtcNow().UtcDateTime);
        foreach (var (question, answer) in checkedAnswers)
        {
            db.Set<FeedbackAnswer>().Add(new FeedbackAnswer
            {
                Id = Guid.NewGuid(),
                Instrument = instrument.Code,
                InstrumentVersion = instrument.Version,
                Question = question,
                Answer = answer,
                OrganisationId = invitation.OrganisationId,
                Period = period,
            });
        }
        db.Remove(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return checkedAnswers.Count;
    }

    /// <summary>
    /// Releases the answers of every month before the current one (UTC of the injected clock) into the counts: they are
    /// deleted and written again in random order with new random ids, so the rows no longer keep the order they were
    /// given in. Lapsed codes are deleted. Runs before every results read; idempotent. Audited when it released any.
    /// </summary>
    public async Task<int> ReleaseClosedMonthsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var current = Month(now);
        await db.Set<FeedbackInvitation>().Where(i => i.ExpiresAtUtc < now).ExecuteDeleteAsync(cancellationToken);
        var held = await db.Set<FeedbackAnswer>().Where(a => !a.Released && string.Compare(a.Period, current) < 0).ToListAsync(cancellationToken);
        if (held.Count == 0)
        {
            return 0;
        }
        var shuffled = held.Select(a => new FeedbackAnswer
        {
            Id = Guid.NewGuid(),
            Instrument = a.Instrument,
            InstrumentVersion = a.InstrumentVersion,
            Question = a.Question,
            Answer = a.Answer,
            OrganisationId = a.OrganisationId,
            Period = a.Period,
            Released = true,
        }).ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.RemoveRange(held);
            await db.SaveChangesAsync(cancellationToken);
            // One at a time, so the insertion order is the shuffled order whatever batching the provider does.
            foreach (var answer in shuffled)
            {
                db.Add(answer);
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        await audit.AppendAsync(new AuditRecord(AuditActions.FollowUpFeedbackRelease, AuditOutcomes.Success, "feedback-answers",
            Details: new Dictionary<string, string> { ["answers"] = shuffled.Length.ToString(CultureInfo.InvariantCulture), ["months"] = string.Join(",", held.Select(a => a.Period).Distinct().Order(StringComparer.Ordinal)) }),
            cancellationToken);
        return shuffled.Length;
    }

    /// <summary>
    /// Publishes the counts per question and answer of the released answers from month <paramref name="from"/> to
    /// <paramref name="to"/> (yyyy-MM; default: the last closed month) as a <c>survivor-feedback</c> release.
    /// </summary>
    /// <returns>The results; Forbidden; Invalid naming <c>From</c>/<c>To</c>.</returns>
    public async Task<Result<FeedbackResults>> ResultsAsync(string? from, string? to, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayReadResults(viewer))
        {
            return Problem.Forbidden();
        }
        var lastClosed = Month(time.GetUtcNow().UtcDateTime.AddMonths(-1));
        var first = string.IsNullOrWhiteSpace(from) ? lastClosed : from.Trim();
        var last = string.IsNullOrWhiteSpace(to) ? (string.IsNullOrWhiteSpace(from) ? lastClosed : first) : to.Trim();
        var errors = new List<FieldError>();
        if (!IsMonth(first))
        {
            errors.Add(new("From", "Month", $"From: '{first}' is not a month (yyyy-MM).", first));
        }
        if (!IsMonth(last))
        {
            errors.Add(new("To", "Month", $"To: '{last}' is not a month (yyyy-MM).", last));
        }
        else if (errors.Count == 0 && string.CompareOrdinal(last, first) < 0)
        {
            errors.Add(new("To", "Order", $"To: {last} is before {first}.", last));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        await ReleaseClosedMonthsAsync(cancellationToken);
        var (release, table) = await releases.PublishAsync(SurvivorFeedbackProducer.KindName,
            new JsonObject { ["from"] = first, ["to"] = last, ["version"] = Instrument.Version }, "json", cancellationToken);
        var threshold = (int?)table.EffectiveParameters["threshold"] ?? ReleaseService.DefaultThreshold;
        return new FeedbackResults(release.Id, first, last, Instrument.Version, threshold, table.Method,
            table.Rows.Select(r => new FeedbackResultRow(int.Parse(r[0], CultureInfo.InvariantCulture), r[1], r[2])).ToList());
    }

    internal static string Month(DateTime utc) => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    internal static bool IsMonth(string value) => DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>The code without separators or case: what was handed on can be typed with or without the dashes.</summary>
    internal static string Hash(string code)
    {
        var normal = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normal)));
    }

    private async Task<FeedbackInvitation?> FindAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
        {
            return null;
        }
        var hash = Hash(code);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<FeedbackInvitation>().SingleOrDefaultAsync(i => i.CodeHash == hash && i.ExpiresAtUtc >= now, cancellationToken);
    }
}

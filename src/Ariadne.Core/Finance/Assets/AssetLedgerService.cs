using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Finance.Assets;

/// <summary>What a viewer may do with a case's asset ledger (<see cref="AssetLedgerService.AccessAsync"/>).</summary>
public enum AssetLedgerAccess
{
    /// <summary>Nothing: the case is not found for them.</summary>
    None,

    /// <summary>The totals per status and currency only (for compensation): case workers and coordinators who see the case.</summary>
    Totals,

    /// <summary>Every entry with its opened description and history, and recording entries and steps.</summary>
    Keeper,
}

/// <summary>
/// The asset ledger of a case (issue 17, item 6; docs/finance.md, "Asset ledger per case"): entries of proceeds with a
/// sealed description, estimated value and currency, an optional holder reference and alert, and a status history that
/// follows <see cref="AssetLedger"/>'s rules. The one service behind the case's Assets page, <c>/api/v1/cases/{id}/assets</c>
/// and <c>ariadne finance assets</c>.
/// </summary>
/// <remarks>
/// Who (fails closed, decided per case in <see cref="AccessAsync"/>): the ledger is kept — read in full and recorded — by
/// the financial investigators of the organisation that owns the case, of an organisation it is shared with, or of the
/// organisation whose dataset holds an alert linked to the case, and by a competent authority (police, prosecution) the
/// case is shared with; case workers and coordinators who see the case see the totals only (what is there for
/// compensation), never the descriptions, and record nothing. The local operator keeps every ledger. Every reading and
/// every change is audited (<see cref="AuditActions.CaseAsset"/>: case code, operation, counts and ids, never the
/// description), and so is every refusal to a caller who sees the case.
/// </remarks>
public sealed class AssetLedgerService(AppDbContext db, CaseTextVault texts, IAuditLog audit, IAuditContext auditContext, TimeProvider time)
{
    /// <summary>The largest estimated value accepted (well above any real asset, below the column's precision).</summary>
    public const decimal MaxValue = 1_000_000_000_000m;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The case's id and code and what <paramref name="viewer"/> may do with its ledger; null when the case does not exist.</summary>
    public async Task<(Guid Id, string Code, AssetLedgerAccess Access)?> AccessAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.Id, c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }
        return (found.Id, found.CaseCode, await LevelAsync(found.Id, found.OrganisationId, viewer, cancellationToken));
    }

    private async Task<AssetLedgerAccess> LevelAsync(Guid caseId, Guid owner, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.IsLocalOperator)
        {
            return AssetLedgerAccess.Keeper;
        }
        if (viewer.OrganisationId is { } organisation)
        {
            Task<bool> SharedWithUs() => db.Cases.AnyAsync(c => c.Id == caseId && c.Shares.Any(s => s.OrganisationId == organisation), cancellationToken);
            if (viewer.Roles.Contains(UserRoles.FinancialInvestigator)
                && (owner == organisation || await SharedWithUs()
                    || await (from l in db.Set<FinanceAlertCase>()
                              join a in db.Set<FinanceAlert>() on l.AlertId equals a.Id
                              join d in db.Set<FinanceDataset>() on a.DatasetId equals d.Id
                              where l.CaseId == caseId && d.OrganisationId == organisation
                              select l).AnyAsync(cancellationToken)))
            {
                return AssetLedgerAccess.Keeper;
            }
            if (viewer.IsCompetentAuthority && await SharedWithUs())
            {
                return AssetLedgerAccess.Keeper;
            }
        }
        return await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken) ? AssetLedgerAccess.Totals : AssetLedgerAccess.None;
    }

    /// <summary>The id of the case with <paramref name="caseCode"/> (any case) whose ledger <paramref name="viewer"/> may at least read; null otherwise.</summary>
    public async Task<Guid?> FindCaseAsync(string? caseCode, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var code = caseCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        var id = await db.Cases.Where(c => c.CaseCode == code).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        return id is { } found && await AccessAsync(found, viewer, cancellationToken) is { Access: not AssetLedgerAccess.None } ? found : null;
    }

    /// <summary>
    /// The case's ledger for <paramref name="viewer"/>: totals per current status and currency for everyone who may read it;
    /// the entries (descriptions opened, history oldest first) only for keepers. Audited once per reading.
    /// </summary>
    public async Task<Result<AssetLedgerView>> GetAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (await AccessAsync(caseId, viewer, cancellationToken) is not { Access: not AssetLedgerAccess.None } access)
        {
            return Problem.NotFound();
        }
        var assets = await db.Set<CaseAsset>().AsNoTracking().Include(a => a.Steps).Where(a => a.CaseId == caseId)
            .OrderBy(a => a.RecordedAtUtc).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var totals = AssetLedger.Totals(assets.Select(a => new AssetValue(a.Status, a.EstimatedValue, a.Currency)));
        var keeper = access.Access == AssetLedgerAccess.Keeper;
        IReadOnlyList<AssetEntryView>? entries = null;
        if (keeper)
        {
            using var key = assets.Any(a => a.DescriptionCiphertext is not null) ? await texts.ForPurposeAsync(caseId, cancellationToken) : null;
            entries = [.. assets.Select(a => View(a, key))];
        }
        await AuditAsync(caseId, access.Code, "read", AuditOutcomes.Success, cancellationToken,
            ("level", access.Access.ToString()), ("entries", assets.Count.ToString(CultureInfo.InvariantCulture)));
        return new AssetLedgerView(caseId, access.Code, totals, entries, MayRecord: keeper);
    }

    /// <summary>Adds an entry with its first status step; keepers only. Every bad field is named; the description is sealed.</summary>
    public async Task<Result<AssetEntryView>> AddAsync(Guid caseId, AssetInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (await KeeperAsync(caseId, "add", viewer, cancellationToken) is not { } found)
        {
            return await RefusalAsync(caseId, viewer, cancellationToken);
        }
        var errors = new List<FieldError>();
        AssetKind kind = default;
        if (string.IsNullOrWhiteSpace(input.Kind))
        {
            errors.Add(new(nameof(AssetInput.Kind), "Required", "Kind: one of " + string.Join(", ", Enum.GetNames<AssetKind>()) + "."));
        }
        else if (!TryParse(input.Kind, out kind))
        {
            errors.Add(new(nameof(AssetInput.Kind), "Unknown", $"Kind: '{input.Kind}' is not one of " + string.Join(", ", Enum.GetNames<AssetKind>()) + "."));
        }
        var description = CaseSealing.Blank(input.Description);
        if (description is { Length: > CaseAsset.MaxDescriptionLength })
        {
            errors.Add(new(nameof(AssetInput.Description), "TooLong", $"Description: at most {CaseAsset.MaxDescriptionLength} characters.", CaseAsset.MaxDescriptionLength));
        }
        if (input.EstimatedValue is not { } value)
        {
            errors.Add(new(nameof(AssetInput.EstimatedValue), "Required", "Estimated value: enter the amount (0 when not yet known)."));
        }
        else if (value < 0 || value > MaxValue)
        {
            errors.Add(new(nameof(AssetInput.EstimatedValue), "OutOfRange", $"Estimated value: between 0 and {MaxValue.ToString("N0", CultureInfo.InvariantCulture)}.", 0, MaxValue));
        }
        var currency = input.Currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(currency))
        {
            errors.Add(new(nameof(AssetInput.Currency), "Required", "Currency: the ISO 4217 code, e.g. EUR."));
        }
        else if (!Currencies.IsKnown(currency))
        {
            errors.Add(new(nameof(AssetInput.Currency), "NotIso4217", $"Currency: '{input.Currency}' is not an ISO 4217 code (e.g. EUR, USD)."));
        }
        var holder = CaseSealing.Blank(input.HolderReference);
        if (holder is { Length: > CaseAsset.MaxHolderReferenceLength })
        {
            errors.Add(new(nameof(AssetInput.HolderReference), "TooLong", $"Holder reference: at most {CaseAsset.MaxHolderReferenceLength} characters.", CaseAsset.MaxHolderReferenceLength));
        }
        if (input.AlertId is { } alertId && !await db.Set<FinanceAlertCase>().AnyAsync(l => l.AlertId == alertId && l.CaseId == caseId, cancellationToken))
        {
            errors.Add(new(nameof(AssetInput.AlertId), "NotLinked", "Alert: not an alert linked to this case."));
        }
        var status = AssetStatus.Identified;
        if (!string.IsNullOrWhiteSpace(input.Status) && !TryParse(input.Status, out status))
        {
            errors.Add(new(nameof(AssetInput.Status), "Unknown", $"Status: '{input.Status}' is not one of " + string.Join(", ", Enum.GetNames<AssetStatus>()) + "."));
        }
        var step = CheckStep([], status, input.On, input.Authority, input.LegalReference, errors, statusParsed: !errors.Any(e => e.Field == nameof(AssetInput.Status)));
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var actor = auditContext.Actor.Name;
        var asset = new CaseAsset
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            Kind = kind,
            EstimatedValue = input.EstimatedValue!.Value,
            Currency = currency!,
            HolderReference = holder,
            AlertId = input.AlertId,
            Status = step!.Status,
            Version = 1,
            RecordedByUserId = viewer.UserId,
            RecordedByName = actor,
            RecordedAtUtc = now,
        };
        asset.Steps.Add(Step(asset.Id, 0, step, actor, now));
        if (description is not null)
        {
            using var key = await texts.ForWritingAsync(caseId, cancellationToken);
            asset.DescriptionCiphertext = key.Seal(SealedText.CaseAsset, asset.Id, SealedText.Description, description);
        }
        db.Add(asset);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(caseId, found.Code, "add", AuditOutcomes.Success, cancellationToken, ("asset", asset.Id.ToString()), ("status", asset.Status.ToString()));
        return View(asset, description);
    }

    /// <summary>
    /// Records the next status step of an entry; keepers only. A move the rules do not allow (<see cref="AssetLedger.CanMove"/>)
    /// is refused naming the field <c>Status</c>; a date before the last step names <c>On</c>. With <see cref="AssetStepInput.Version"/>
    /// given, a step on an entry changed since is a conflict.
    /// </summary>
    public async Task<Result<AssetEntryView>> StepAsync(Guid caseId, Guid assetId, AssetStepInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (await KeeperAsync(caseId, "step", viewer, cancellationToken) is not { } found)
        {
            return await RefusalAsync(caseId, viewer, cancellationToken);
        }
        var asset = await db.Set<CaseAsset>().Include(a => a.Steps).SingleOrDefaultAsync(a => a.Id == assetId && a.CaseId == caseId, cancellationToken);
        if (asset is null)
        {
            return Problem.NotFound();
        }
        if (input.Version is { } version && version != asset.Version)
        {
            return Problem.Conflict($"The entry was changed since (version {asset.Version}, not {version}); reload it.");
        }
        var errors = new List<FieldError>();
        AssetStatus status = default;
        if (string.IsNullOrWhiteSpace(input.Status))
        {
            errors.Add(new(nameof(AssetStepInput.Status), "Required", "Status: the new status."));
        }
        else if (!TryParse(input.Status, out status))
        {
            errors.Add(new(nameof(AssetStepInput.Status), "Unknown", $"Status: '{input.Status}' is not one of " + string.Join(", ", Enum.GetNames<AssetStatus>()) + "."));
        }
        var history = asset.Steps.OrderBy(s => s.Index).Select(s => new AssetStatusChange(s.Status, s.On, s.Authority, s.LegalReference)).ToList();
        var step = CheckStep(history, status, input.On, input.Authority, input.LegalReference, errors, statusParsed: errors.Count == 0);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var added = Step(asset.Id, history.Count, step!, auditContext.Actor.Name, now);
        asset.Steps.Add(added);
        db.Add(added);
        asset.Status = step!.Status;
        asset.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone stepped the same entry at the same moment (version or step index taken).
            return Problem.Conflict("The entry was changed at the same time; reload it.");
        }
        await AuditAsync(caseId, found.Code, "step", AuditOutcomes.Success, cancellationToken, ("asset", asset.Id.ToString()), ("status", asset.Status.ToString()));
        string? description = null;
        if (asset.DescriptionCiphertext is not null)
        {
            using var key = await texts.ForPurposeAsync(caseId, cancellationToken);
            description = key?.Open(SealedText.CaseAsset, asset.Id, SealedText.Description, asset.DescriptionCiphertext);
        }
        return View(asset, description);
    }

    /// <summary>
    /// A new entry prefilled from a finance alert linked to the case: a bank account, held by the alert's accounts, valued
    /// at the sum of the alert's flagged transactions in their currency when they share one. An alert without transactions
    /// (R6, shared identifiers: parties, not flows) or with several currencies gives no value — the value is left empty for
    /// the investigator to enter (never 0.00, which would read as "nothing there"). Keepers only; NotFound otherwise.
    /// </summary>
    public async Task<Result<AssetInput>> DraftFromAlertAsync(Guid caseId, Guid alertId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (await AccessAsync(caseId, viewer, cancellationToken) is not { Access: AssetLedgerAccess.Keeper }
            || !await db.Set<FinanceAlertCase>().AnyAsync(l => l.AlertId == alertId && l.CaseId == caseId, cancellationToken))
        {
            return Problem.NotFound();
        }
        var alert = await db.Set<FinanceAlert>().AsNoTracking().SingleAsync(a => a.Id == alertId, cancellationToken);
        var indexes = Indexes(alert.AccountIndexes);
        var seqs = Indexes(alert.TransactionSeqs);
        var accounts = await db.Set<FinanceAccount>().AsNoTracking().Where(a => a.DatasetId == alert.DatasetId && indexes.Contains(a.Index))
            .OrderBy(a => a.Index).Select(a => a.ExternalId).ToListAsync(cancellationToken);
        var number = await db.Set<FinanceDataset>().Where(d => d.Id == alert.DatasetId).Select(d => d.Number).SingleAsync(cancellationToken);
        var amounts = await db.Set<FinanceTransaction>().AsNoTracking().Where(t => t.DatasetNumber == number && seqs.Contains(t.Seq))
            .Select(t => new { t.AmountMinor, t.Currency }).ToListAsync(cancellationToken);
        var currencies = amounts.Select(a => a.Currency?.ToUpperInvariant()).Distinct().ToList();
        var holder = string.Join(", ", accounts.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        if (holder.Length > CaseAsset.MaxHolderReferenceLength)
        {
            holder = holder[..(holder.LastIndexOf(',', CaseAsset.MaxHolderReferenceLength - 2) is > 0 and var cut ? cut : CaseAsset.MaxHolderReferenceLength - 2)] + " …";
        }
        var single = amounts.Count > 0 && currencies is [{ } one] ? one : null;
        return new AssetInput(
            nameof(AssetKind.BankAccount), null, single is null ? null : amounts.Sum(a => a.AmountMinor) / 100m,
            single, "Account " + holder, alertId,
            nameof(AssetStatus.Identified), Today, null, null);
    }

    private static int[] Indexes(string joined) =>
        joined.Length == 0 ? [] : [.. joined.Split(';').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];

    private static bool TryParse<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    /// <summary>The new step after <paramref name="history"/>, or null with its problems added (named by input field) to <paramref name="errors"/>.</summary>
    private AssetStatusChange? CheckStep(
        List<AssetStatusChange> history, AssetStatus status, DateOnly? on, string? authority, string? legalReference, List<FieldError> errors, bool statusParsed)
    {
        var before = errors.Count;
        if (on is null)
        {
            errors.Add(new(nameof(AssetStepInput.On), "Required", "Date: the day of the measure."));
        }
        else if (on > Today)
        {
            errors.Add(new(nameof(AssetStepInput.On), "InFuture", "Date: a measure cannot be dated in the future."));
        }
        var authorityText = CaseSealing.Blank(authority);
        if (authorityText is { Length: > CaseAssetStep.MaxAuthorityLength })
        {
            errors.Add(new(nameof(AssetStepInput.Authority), "TooLong", $"Authority: at most {CaseAssetStep.MaxAuthorityLength} characters.", CaseAssetStep.MaxAuthorityLength));
        }
        var reference = CaseSealing.Blank(legalReference);
        if (reference is { Length: > CaseAssetStep.MaxLegalReferenceLength })
        {
            errors.Add(new(nameof(AssetStepInput.LegalReference), "TooLong", $"Legal reference: at most {CaseAssetStep.MaxLegalReferenceLength} characters.", CaseAssetStep.MaxLegalReferenceLength));
        }
        var change = new AssetStatusChange(status, on ?? Today, authorityText ?? "", reference);
        if (statusParsed)
        {
            var index = history.Count;
            foreach (var (field, problem) in AssetLedger.Check([.. history, change]))
            {
                var prefix = $"history[{index}].";
                if (!field.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }
                switch (field[prefix.Length..])
                {
                    case "status":
                        errors.Add(new(nameof(AssetStepInput.Status), "Transition", $"Status: {problem}.", history.Count == 0 ? "" : history[^1].Status.ToString(), status.ToString()));
                        break;
                    case "on" when on is not null:
                        errors.Add(new(nameof(AssetStepInput.On), "BeforePrevious", $"Date: {problem}."));
                        break;
                    case "authority":
                        errors.Add(new(nameof(AssetStepInput.Authority), "Required", "Authority: name the authority that ordered or recorded the measure."));
                        break;
                }
            }
        }
        return errors.Count == before ? change : null;
    }

    private static CaseAssetStep Step(Guid assetId, int index, AssetStatusChange change, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        AssetId = assetId,
        Index = index,
        Status = change.Status,
        On = change.On,
        Authority = change.Authority,
        LegalReference = change.LegalReference,
        RecordedByName = actor,
        RecordedAtUtc = now,
    };

    private static AssetEntryView View(CaseAsset a, CaseTextKey? key) =>
        View(a, key?.Open(SealedText.CaseAsset, a.Id, SealedText.Description, a.DescriptionCiphertext));

    private static AssetEntryView View(CaseAsset a, string? description) => new(
        a.Id, a.Kind, description, a.EstimatedValue, a.Currency, a.HolderReference, a.AlertId, a.Status, a.Version, a.RecordedByName, a.RecordedAtUtc,
        [.. a.Steps.OrderBy(s => s.Index).Select(s => new AssetStepView(s.Status, s.On, s.Authority, s.LegalReference, s.RecordedByName, s.RecordedAtUtc))],
        [.. Enum.GetValues<AssetStatus>().Where(s => AssetLedger.CanMove(a.Status, s))]);

    /// <summary>The case's code when <paramref name="viewer"/> keeps its ledger; else null, the refusal audited when the viewer sees the case.</summary>
    private async Task<(Guid Id, string Code)?> KeeperAsync(Guid caseId, string operation, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var access = await AccessAsync(caseId, viewer, cancellationToken);
        if (access is { Access: AssetLedgerAccess.Keeper } keeper)
        {
            return (keeper.Id, keeper.Code);
        }
        if (access is { Access: AssetLedgerAccess.Totals } seen)
        {
            await AuditAsync(caseId, seen.Code, operation, AuditOutcomes.Denied, cancellationToken);
        }
        return null;
    }

    private async Task<Problem> RefusalAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken) =>
        await AccessAsync(caseId, viewer, cancellationToken) is { Access: AssetLedgerAccess.Totals } ? Problem.Forbidden() : Problem.NotFound();

    private Task AuditAsync(Guid caseId, string caseCode, string operation, string outcome, CancellationToken cancellationToken, params (string Key, string Value)[] details)
    {
        var all = new Dictionary<string, string> { ["caseCode"] = caseCode, ["operation"] = operation };
        foreach (var (key, value) in details)
        {
            all[key] = value;
        }
        return audit.AppendAsync(new AuditRecord(AuditActions.CaseAsset, outcome, CaseService.CaseSubject, caseId.ToString(), null, all), cancellationToken);
    }
}

/// <summary>
/// A new entry and its first step. Kind and status are names (<see cref="AssetKind"/>, <see cref="AssetStatus"/>; status
/// Identified when empty); nulls and bad values are reported per field.
/// </summary>
public sealed record AssetInput(
    string? Kind, string? Description, decimal? EstimatedValue, string? Currency, string? HolderReference, Guid? AlertId,
    string? Status, DateOnly? On, string? Authority, string? LegalReference);

/// <summary>The next status step of an entry; <paramref name="Version"/>, when given, must be the entry's current version.</summary>
public sealed record AssetStepInput(string? Status, DateOnly? On, string? Authority, string? LegalReference, int? Version = null);

/// <summary>One step of an entry's history as shown.</summary>
public sealed record AssetStepView(AssetStatus Status, DateOnly On, string Authority, string? LegalReference, string RecordedBy, DateTime RecordedAtUtc);

/// <summary>One entry as a keeper sees it; <paramref name="Description"/> null when none was given or after erasure.</summary>
public sealed record AssetEntryView(
    Guid Id, AssetKind Kind, string? Description, decimal EstimatedValue, string Currency, string? HolderReference, Guid? AlertId,
    AssetStatus Status, int Version, string RecordedBy, DateTime RecordedAtUtc, IReadOnlyList<AssetStepView> History, IReadOnlyList<AssetStatus> NextStatuses);

/// <summary>A case's ledger: totals for every reader, the entries (null for a totals-only reader), and whether the viewer may record.</summary>
public sealed record AssetLedgerView(Guid CaseId, string CaseCode, IReadOnlyList<AssetTotal> Totals, IReadOnlyList<AssetEntryView>? Entries, bool MayRecord);

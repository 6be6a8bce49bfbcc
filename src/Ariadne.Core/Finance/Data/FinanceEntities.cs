using Ariadne.Core.Cases;
using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Finance.Data;

/// <summary>Where an imported dataset stands.</summary>
public enum FinanceDatasetState
{
    /// <summary>Created; its transactions are being imported (a job).</summary>
    Importing,

    /// <summary>Imported, not analysed yet.</summary>
    Imported,

    /// <summary>Analysed: account scores and alerts are stored.</summary>
    Analysed,

    /// <summary>The import failed; nothing of it is kept but this row (all or nothing).</summary>
    Failed,
}

/// <summary>
/// One bank export loaded into Ariadne: its name, organisation, layout, who imported it when, and counts. The rows it
/// holds (accounts, parties, transactions, alerts) belong to it and go with it.
/// </summary>
public sealed class FinanceDataset
{
    public const int MaxNameLength = 200;

    public Guid Id { get; set; }

    /// <summary>
    /// The dataset's small number (1, 2, …; unique in the installation), the key of its transaction rows: the GUID as a
    /// 36-character text in each of a million rows and in their three indexes made the table and its indexes 2½ times the
    /// size and the import a tenth slower. Assigned when the dataset is created (<c>FinanceService.CreateDatasetAsync</c>).
    /// </summary>
    public int Number { get; set; }

    public required string Name { get; set; }

    public Guid? OrganisationId { get; set; }

    /// <summary>The layout read: amlsim, ibm or generic.</summary>
    public required string Format { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    public Guid? ImportedByUserId { get; set; }

    public required string ImportedByName { get; set; }

    public int Accounts { get; set; }

    public int Parties { get; set; }

    public long Transactions { get; set; }

    public int Alerts { get; set; }

    public FinanceDatasetState State { get; set; }

    public DateTime? AnalysedAtUtc { get; set; }

    /// <summary>The master key the dataset's data key is wrapped under; null until the first free text of the dataset is sealed.</summary>
    public string? KekId { get; set; }

    /// <summary>
    /// The dataset's data key (seals the free text of its workflow: disposition notes) wrapped under the master key
    /// (associated data <c>finance-dataset:&lt;id&gt;:key:v1</c>). Key rotation re-wraps it; deleting the dataset row
    /// destroys it and with it every note sealed under it.
    /// </summary>
    public byte[]? WrappedKey { get; set; }
}

/// <summary>
/// An account of a dataset by its dense index (the position in the analysis' <c>TransactionStore</c>): the bank's
/// account id, the bank (the part before ':' of IBM ids), the holder's kind and country, and the last analysis' score,
/// flag and reasons (rule, typology and alert ids; nothing identifying).
/// </summary>
public sealed class FinanceAccount
{
    public Guid DatasetId { get; set; }

    public int Index { get; set; }

    public required string ExternalId { get; set; }

    public string? Bank { get; set; }

    /// <summary><see cref="Analytics.Finance.AccountKind"/> as a number.</summary>
    public byte Kind { get; set; }

    public string? Country { get; set; }

    /// <summary>The accounts file's business type or MCC, upper case (rules R11, R17).</summary>
    public string? BusinessType { get; set; }

    /// <summary>The business's declared opening hours as the accounts file gives them (checked on import; rule R12).</summary>
    public string? OpeningHours { get; set; }

    /// <summary>The account's IANA time zone from the accounts file (rule R12; the rule's default when null).</summary>
    public string? TimeZone { get; set; }

    public double Score { get; set; }

    public bool Flagged { get; set; }

    /// <summary>The reasons joined by ';' (e.g. <c>R1 structuring A000012</c>).</summary>
    public string? Reasons { get; set; }
}

/// <summary>
/// An account holder (or authorised party) of a dataset's account. Every identifier is sealed under the party's own data
/// key (<see cref="WrappedKey"/> under a master key, like a person's <c>PersonKeys</c> row; see docs/field-encryption.md);
/// the blind indexes (HMAC under the installation's blind-index secret, normalised first) let the shared-identifier rule
/// find parties sharing a phone, e-mail, document or address without opening any of them.
/// </summary>
public sealed class FinanceParty
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The bank's account id, as in the transactions (not the holder's identity).</summary>
    public required string AccountId { get; set; }

    /// <summary>The account's dataset index, set when the transactions are imported (−1 until then).</summary>
    public int AccountIndex { get; set; } = -1;

    /// <summary>The master key the data key is wrapped under.</summary>
    public required string KekId { get; set; }

    /// <summary>The party's data key wrapped under the master key; the party id is the associated data.</summary>
    public required byte[] WrappedKey { get; set; }

    /// <summary><see cref="FinancePartyIdentity"/> as JSON, AES-256-GCM under the party's data key (associated data <c>finance-party:&lt;id&gt;:identity:v1</c>).</summary>
    public required byte[] IdentityCiphertext { get; set; }

    public byte[]? NameIndex { get; set; }

    public byte[]? PhoneIndex { get; set; }

    public byte[]? EmailIndex { get; set; }

    public byte[]? DocumentIndex { get; set; }

    public byte[]? AddressIndex { get; set; }

    /// <summary>The blind index of the date of birth (<c>yyyy-MM-dd</c>), a weaker attribute of fuzzy entity resolution.</summary>
    public byte[]? BirthDateIndex { get; set; }

    /// <summary>The record-linkage engine's keyed Bloom-filter encoding of the name (<see cref="FinancePartyNames"/>, 128 bytes): compared fuzzily, never opened.</summary>
    public byte[]? NameEncoding { get; set; }
}

/// <summary>What identifies a party; never stored as it is (see <see cref="FinanceParty"/>). The date of birth is <c>yyyy-MM-dd</c>.</summary>
public sealed record FinancePartyIdentity(string? Name, string? Phone, string? Email, string? Address, string? DocumentNumber, string? DateOfBirth = null);

/// <summary>
/// One transaction of a dataset, by its position in time order (<see cref="Seq"/>, the analysis' transaction index), with
/// the file's own id. Accounts are dataset account indexes; the amount is in minor units. Columns only, no navigation:
/// written in bulk with raw SQL and read back in <see cref="Seq"/> order as columns.
/// </summary>
public sealed class FinanceTransaction
{
    /// <summary>The dataset's <see cref="FinanceDataset.Number"/>.</summary>
    public int DatasetNumber { get; set; }

    public int Seq { get; set; }

    public long ExternalId { get; set; }

    public int SourceIndex { get; set; }

    public int TargetIndex { get; set; }

    public long AmountMinor { get; set; }

    public string? Currency { get; set; }

    /// <summary>Unix seconds, UTC.</summary>
    public long Timestamp { get; set; }

    /// <summary><see cref="Analytics.Finance.Channel"/> as a number.</summary>
    public byte Channel { get; set; }

    public string? Branch { get; set; }

    public short MerchantCategory { get; set; }

    public string? Country { get; set; }

    /// <summary>Where it happened, "region/city" (rules R3, R18).</summary>
    public string? Place { get; set; }

    /// <summary>The file's own transaction type, upper case, e.g. PAYROLL (rules R5, R11).</summary>
    public string? Kind { get; set; }

    /// <summary><see cref="Analytics.Finance.TransactionFlags"/> bits.</summary>
    public byte Flags { get; set; }
}

/// <summary>
/// The passenger of a ticket purchase (rule R10), only for the rows whose file named one: the installation's blind index
/// of the passenger's normalised name — the same HMAC as <see cref="FinanceParty.NameIndex"/>, so a ticket is the holder's
/// own when the two are equal. The name itself is never stored. Keyed by the transaction's <see cref="FinanceTransaction.Seq"/>.
/// </summary>
public sealed class FinanceTicketPassenger
{
    public Guid DatasetId { get; set; }

    public int Seq { get; set; }

    public required byte[] PassengerIndex { get; set; }
}

public enum FinanceAlertStatus { Open, Assigned, Closed }

public enum FinanceDisposition { TruePositive, FalsePositive, Inconclusive }

/// <summary>
/// An alert of the last analysis of a dataset: the rule or typology, where the rule comes from, the score, the accounts
/// and transactions it names (dataset indexes joined by ';'), and the explanation as JSON. An investigator assigns and
/// disposes it; a new analysis replaces the open and assigned alerts and keeps the closed ones.
/// </summary>
public sealed class FinanceAlert
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The analysis' alert id (A000012), unique within one run.</summary>
    public required string Code { get; set; }

    public required string Rule { get; set; }

    public required string Typology { get; set; }

    public required string Source { get; set; }

    public double Score { get; set; }

    public required string AccountIndexes { get; set; }

    public required string TransactionSeqs { get; set; }

    /// <summary><c>{"text": …, "rule": …, "typology": …, "source": …}</c>.</summary>
    public required string ExplanationJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public FinanceAlertStatus Status { get; set; }

    public Guid? AssigneeUserId { get; set; }

    public string? AssigneeName { get; set; }

    public FinanceDisposition? Disposition { get; set; }

    /// <summary>The investigator's note, AES-256-GCM under the dataset's data key (associated data <c>finance-alert:&lt;id&gt;:disposition-note</c>); never plain text.</summary>
    public byte[]? SealedDispositionNote { get; set; }

    public DateTime? DisposedAtUtc { get; set; }

    public string? DisposedByName { get; set; }
}

/// <summary>An alert linked to a case (the case's code is shown; the case's rules decide who sees it).</summary>
public sealed class FinanceAlertCase
{
    public Guid AlertId { get; set; }

    public Guid CaseId { get; set; }

    public DateTime LinkedAtUtc { get; set; }

    public required string LinkedByName { get; set; }
}

internal sealed class FinanceDatasetConfiguration : IEntityTypeConfiguration<FinanceDataset>
{
    public void Configure(EntityTypeBuilder<FinanceDataset> builder)
    {
        builder.ToTable("FinanceDatasets");
        builder.HasKey(d => d.Id);
        builder.HasAlternateKey(d => d.Number);
        builder.Property(d => d.Name).HasMaxLength(FinanceDataset.MaxNameLength);
        builder.Property(d => d.Format).HasMaxLength(16);
        builder.Property(d => d.ImportedByName).HasMaxLength(256);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.KekId).HasMaxLength(64);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FinanceAccountConfiguration : IEntityTypeConfiguration<FinanceAccount>
{
    public void Configure(EntityTypeBuilder<FinanceAccount> builder)
    {
        builder.ToTable("FinanceAccounts");
        builder.HasKey(a => new { a.DatasetId, a.Index });
        builder.Property(a => a.ExternalId).HasMaxLength(128);
        builder.Property(a => a.Bank).HasMaxLength(64);
        builder.Property(a => a.Country).HasMaxLength(8);
        builder.Property(a => a.BusinessType).HasMaxLength(64);
        builder.Property(a => a.OpeningHours).HasMaxLength(Analytics.Finance.OpeningHours.MaxLength);
        builder.Property(a => a.TimeZone).HasMaxLength(64);
        builder.HasOne<FinanceDataset>().WithMany().HasForeignKey(a => a.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DatasetId, a.ExternalId });
        builder.HasIndex(a => new { a.DatasetId, a.Score });
    }
}

internal sealed class FinancePartyConfiguration : IEntityTypeConfiguration<FinanceParty>
{
    public void Configure(EntityTypeBuilder<FinanceParty> builder)
    {
        builder.ToTable("FinanceParties");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.KekId).HasMaxLength(64);
        builder.Property(p => p.AccountId).HasMaxLength(128);
        builder.HasOne<FinanceDataset>().WithMany().HasForeignKey(p => p.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.DatasetId, p.AccountIndex });
        builder.HasIndex(p => p.PhoneIndex);
        builder.HasIndex(p => p.EmailIndex);
        builder.HasIndex(p => p.DocumentIndex);
        builder.HasIndex(p => p.AddressIndex);
        builder.Property(p => p.NameEncoding).HasMaxLength(FinancePartyNames.EncodingBytes);
    }
}

internal sealed class FinanceTransactionConfiguration : IEntityTypeConfiguration<FinanceTransaction>
{
    public void Configure(EntityTypeBuilder<FinanceTransaction> builder)
    {
        builder.ToTable("FinanceTransactions");
        builder.HasKey(t => new { t.DatasetNumber, t.Seq });
        builder.Property(t => t.Currency).HasMaxLength(8);
        builder.Property(t => t.Branch).HasMaxLength(64);
        builder.Property(t => t.Country).HasMaxLength(8);
        builder.Property(t => t.Place).HasMaxLength(128);
        builder.Property(t => t.Kind).HasMaxLength(32);
        builder.HasOne<FinanceDataset>().WithMany().HasForeignKey(t => t.DatasetNumber).HasPrincipalKey(d => d.Number).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.DatasetNumber, t.SourceIndex });
        builder.HasIndex(t => new { t.DatasetNumber, t.TargetIndex });
    }
}

internal sealed class FinanceTicketPassengerConfiguration : IEntityTypeConfiguration<FinanceTicketPassenger>
{
    public void Configure(EntityTypeBuilder<FinanceTicketPassenger> builder)
    {
        builder.ToTable("FinanceTicketPassengers");
        builder.HasKey(p => new { p.DatasetId, p.Seq });
        builder.Property(p => p.PassengerIndex).HasMaxLength(32);
        builder.HasOne<FinanceDataset>().WithMany().HasForeignKey(p => p.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FinanceAlertConfiguration : IEntityTypeConfiguration<FinanceAlert>
{
    public void Configure(EntityTypeBuilder<FinanceAlert> builder)
    {
        builder.ToTable("FinanceAlerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Code).HasMaxLength(16);
        builder.Property(a => a.Rule).HasMaxLength(16);
        builder.Property(a => a.Typology).HasMaxLength(32);
        builder.Property(a => a.Source).HasMaxLength(256);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Disposition).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.AssigneeName).HasMaxLength(256);
        builder.Property(a => a.DisposedByName).HasMaxLength(256);
        builder.HasOne<FinanceDataset>().WithMany().HasForeignKey(a => a.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DatasetId, a.Status });
        builder.HasIndex(a => new { a.Status, a.Rule });
        builder.HasIndex(a => a.AssigneeUserId);
    }
}

internal sealed class FinanceAlertCaseConfiguration : IEntityTypeConfiguration<FinanceAlertCase>
{
    public void Configure(EntityTypeBuilder<FinanceAlertCase> builder)
    {
        builder.ToTable("FinanceAlertCases");
        builder.HasKey(l => new { l.AlertId, l.CaseId });
        builder.Property(l => l.LinkedByName).HasMaxLength(256);
        builder.HasOne<FinanceAlert>().WithMany().HasForeignKey(l => l.AlertId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.CaseId);
    }
}

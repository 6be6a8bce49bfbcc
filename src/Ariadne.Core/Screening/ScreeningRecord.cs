namespace Ariadne.Core.Screening;

/// <summary>
/// One stored screening of a case: the instrument version, everything it was scored from, and the result as computed
/// then. Never updated: a later screening is a new record, and a new instrument version never changes an old result.
/// </summary>
public sealed class ScreeningRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string InstrumentId { get; set; }

    public required string InstrumentVersion { get; set; }

    /// <summary>The list used, e.g. <c>child-labour</c>.</summary>
    public required string List { get; set; }

    /// <summary>The <see cref="Analytics.Screening.ScreeningRequest"/> as JSON (form, age facts, answers and notes). Notes may be identifying.</summary>
    public required string AnswersJson { get; set; }

    /// <summary>The <see cref="Analytics.Screening.ScreeningResult"/> snapshot as JSON.</summary>
    public required string ResultJson { get; set; }

    /// <summary>The recommendation: <c>refer</c>, <c>continue-assessment</c> or <c>no-indicators-found</c>; for statistics.</summary>
    public required string Outcome { get; set; }

    /// <summary>Whether the result depends on unverified parts of the instrument.</summary>
    public bool Unverified { get; set; }

    public Guid? ScreenedByUserId { get; set; }

    public DateTime ScreenedAtUtc { get; set; }
}

/// <summary>A national instrument version installed by an administrator; shipped versions are not stored here.</summary>
public sealed class InstrumentVersion
{
    public Guid Id { get; set; }

    public required string InstrumentId { get; set; }

    public required string Version { get; set; }

    /// <summary>The instrument JSON exactly as installed (validated on install, never changed).</summary>
    public required string Json { get; set; }

    public Guid? InstalledByUserId { get; set; }

    public DateTime InstalledAtUtc { get; set; }
}

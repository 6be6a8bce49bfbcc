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

    /// <summary>The exploitation form screened for (chooses the labour or sexual list), e.g. <c>forced-labour</c>.</summary>
    public required string Form { get; set; }

    /// <summary>Age in whole years at the start of exploitation, as screened.</summary>
    public int? AgeAtStart { get; set; }

    public bool AgeUncertain { get; set; }

    public bool ReasonsToBelieveChild { get; set; }

    /// <summary>
    /// The answers as <see cref="Analytics.Screening.CompactAnswers"/> of the instrument version: two bits per
    /// indicator in instrument order (about 25 bytes). Read by impact analyses without parsing anything.
    /// </summary>
    public required byte[] Answers { get; set; }

    /// <summary>
    /// The notes by indicator code, sealed under the data key of the case's person (they are identifying free text);
    /// null when there are none, or after the person's identity was erased.
    /// </summary>
    public byte[]? NotesCiphertext { get; set; }

    /// <summary>The age category of the list used, <c>adult</c> or <c>child</c>; for statistics.</summary>
    public required string Age { get; set; }

    /// <summary>The exploitation forms the result indicates, as <c>|code|code|</c> (empty: <c>||</c>); for statistics.</summary>
    public required string FormsKey { get; set; }

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

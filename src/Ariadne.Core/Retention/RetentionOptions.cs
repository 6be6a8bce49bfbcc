using Microsoft.Extensions.Options;

namespace Ariadne.Core.Retention;

/// <summary>
/// The retention policy (configuration section <c>Retention</c>): how long the identifying data of a person is kept
/// after the case was closed, and whether <c>serve</c> applies the policy by itself. See docs/field-encryption.md.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";
    public const int MaxYears = 100;
    public const int MaxBatchSize = 10_000;

    /// <summary>
    /// Whole years after closure (see <see cref="RetentionRules"/>) at which a person's identifying data is erased.
    /// 0 turns erasure by retention off. Default 5.
    /// </summary>
    public int IdentityYears { get; set; } = 5;

    /// <summary>Whether <c>ariadne serve</c> applies the policy once a day by itself. Default false: an operator runs <c>ariadne retention apply</c>.</summary>
    public bool Automatic { get; set; }

    /// <summary>The hour of the day (UTC, 0 to 23) at which the automatic run starts. Default 3.</summary>
    public int HourUtc { get; set; } = 3;

    /// <summary>Cases erased per batch (1 to 10 000). Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>What is wrong with these options, each message naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (IdentityYears is < 0 or > MaxYears)
        {
            errors.Add($"{Section}:{nameof(IdentityYears)} must be 0 (off) or 1 to {MaxYears} years; it is {IdentityYears}.");
        }
        if (HourUtc is < 0 or > 23)
        {
            errors.Add($"{Section}:{nameof(HourUtc)} must be an hour from 0 to 23 (UTC); it is {HourUtc}.");
        }
        if (BatchSize is < 1 or > MaxBatchSize)
        {
            errors.Add($"{Section}:{nameof(BatchSize)} must be 1 to {MaxBatchSize}; it is {BatchSize}.");
        }
        return errors;
    }
}

/// <summary>Refuses invalid <see cref="RetentionOptions"/> with messages that name the configuration key.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}

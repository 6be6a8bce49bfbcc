namespace Ariadne.Core.Tokens;

/// <summary>Settings of the <c>PersonalAccessTokens</c> configuration section.</summary>
public sealed class PersonalAccessTokenOptions
{
    public const string Section = "PersonalAccessTokens";

    /// <summary>The longest lifetime a token may be given, in days. Every token expires.</summary>
    public int MaxLifetimeDays { get; set; } = 90;

    /// <summary>The lifetime of a token created without one, in days (capped at <see cref="MaxLifetimeDays"/>).</summary>
    public int DefaultLifetimeDays { get; set; } = 30;
}

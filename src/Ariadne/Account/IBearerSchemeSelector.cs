namespace Ariadne.Account;

/// <summary>
/// Lets a module claim the bearer values of its own format for its own authentication scheme (personal access tokens
/// do); a value no selector claims is an Identity bearer token. Registered by the module, so Account does not know it.
/// </summary>
public interface IBearerSchemeSelector
{
    /// <summary>The scheme that authenticates <paramref name="bearerValue"/>, or null when it is not this module's.</summary>
    string? SchemeFor(string bearerValue);
}

using Microsoft.AspNetCore.Identity;

namespace Ariadne.Core.Users;

/// <summary>
/// The messages of <see cref="CommonPasswordValidator"/>'s refusals, implemented by the Identity error describer of a
/// surface that speaks the user's language (the web's); without one the validator answers in English.
/// </summary>
public interface IPasswordPolicyErrorDescriber
{
    /// <summary>A common or patterned password (code <see cref="CommonPasswordValidator.TooCommon"/>).</summary>
    IdentityError PasswordTooCommon();

    /// <summary>A password that contains the user name (code <see cref="CommonPasswordValidator.ContainsUserName"/>).</summary>
    IdentityError PasswordContainsUserName();
}

using Microsoft.AspNetCore.Identity;

namespace Ariadne.Core.Users;

/// <summary>
/// Refuses passwords that are easy to guess whatever their length (NIST SP 800-63B, 5.1.1.2): one of the commonly used
/// passwords in <c>common-passwords.txt</c> (see <c>SOURCE.md</c> beside it), or such a password with digits and
/// symbols around it (<c>password1234</c>), a repetition (<c>abcabcabcabc</c>), a run along the keyboard or the
/// alphabet (<c>123456789012</c>, <c>qwertyuiop</c>), few distinct characters, the product's name, or a password that
/// contains the user name. Applies wherever a password is set: the sign-in pages, the API and <c>ariadne users add</c>.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    /// <summary>The error code for a common or patterned password.</summary>
    public const string TooCommon = "PasswordTooCommon";

    /// <summary>The error code for a password that contains the user name.</summary>
    public const string ContainsUserName = "PasswordContainsUserName";

    private const int MinimumDistinctCharacters = 5;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <summary>Words of this product and its setting that a guesser would try first.</summary>
    private static readonly string[] ContextWords = ["ariadne", "trafficking", "counter-trafficking"];

    private static readonly string[] Runs =
    [
        "01234567890123456789", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "qwertyuiopqwertyuiop", "asdfghjklasdfghjkl", "zxcvbnmzxcvbnm", "qwertzuiopqwertzuiop", "azertyuiopazertyuiop",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        // The messages in the user's language where the surface's describer offers them (the web's), else in English.
        var describer = manager.ErrorDescriber as IPasswordPolicyErrorDescriber;
        var userName = user.UserName?.Trim().ToLowerInvariant();
        if (userName is { Length: >= 3 } && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(describer?.PasswordContainsUserName() ?? new IdentityError
            {
                Code = ContainsUserName,
                Description = "The password must not contain the user name.",
            }));
        }
        return Task.FromResult(IsCommon(password)
            ? IdentityResult.Failed(describer?.PasswordTooCommon() ?? new IdentityError
            {
                Code = TooCommon,
                Description = "The password is too common or too easy to guess; choose a passphrase of several unrelated words.",
            })
            : IdentityResult.Success);
    }

    /// <summary>Whether <paramref name="password"/> is a common password or one of the patterns above.</summary>
    public static bool IsCommon(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (lower.Distinct().Count() < MinimumDistinctCharacters || IsCommonWord(lower))
        {
            return true;
        }
        // A common word with digits and symbols around it: password1234, !!qwerty2024!!.
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,;:?'\"/\\|[]{}<>~` ".ToCharArray());
        if (core.Length == 0 || IsCommonWord(core))
        {
            return true;
        }
        // Repetitions of a short unit (abcabcabcabc, passwordpassword, 1212121212121).
        for (var unit = 1; unit <= lower.Length / 2; unit++)
        {
            if (lower.Length % unit == 0 && string.Concat(Enumerable.Repeat(lower[..unit], lower.Length / unit)) == lower)
            {
                return true;
            }
        }
        var compact = new string([.. lower.Where(char.IsLetterOrDigit)]);
        var reversed = new string([.. compact.Reverse()]);
        return Runs.Any(run => run.Contains(compact, StringComparison.Ordinal) || run.Contains(reversed, StringComparison.Ordinal));
    }

    private static bool IsCommonWord(string candidate) =>
        Common.Value.Contains(candidate) || ContextWords.Contains(candidate, StringComparer.Ordinal);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Ariadne.Users.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list of common passwords is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("#!comment", StringComparison.Ordinal))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}

using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;

namespace Ariadne.Core.Cases;

/// <summary>
/// The pure rules of the case record: validation and the fields derived on save. No clock: "today" is passed in.
/// </summary>
public static class CaseRules
{
    public const int MaxNameLength = 200;
    public const int MaxNarrativeLength = 8000;
    public const int MaxAliases = 20;
    public const int MaxDocumentLength = 64;
    public const int MaxPhoneLength = 40;
    public const int MaxEmailLength = 254;
    public const int MaxAddressLength = 1000;
    public const int MaxErasureReasonLength = 500;
    public const int MaxRevealReasonLength = 500;

    /// <summary>Whether <paramref name="input"/> carries any identifying value (names, aliases, date of birth, document, contact, address, narrative).</summary>
    public static bool HasIdentifyingValues(CaseInput input) =>
        !string.IsNullOrWhiteSpace(input.GivenName) || !string.IsNullOrWhiteSpace(input.FamilyName) || input.DateOfBirth is not null
        || input.Aliases.Any(a => !string.IsNullOrWhiteSpace(a))
        || !string.IsNullOrWhiteSpace(input.DocumentType) || !string.IsNullOrWhiteSpace(input.DocumentNumber)
        || !string.IsNullOrWhiteSpace(input.Phone) || !string.IsNullOrWhiteSpace(input.Email) || !string.IsNullOrWhiteSpace(input.Address)
        || !string.IsNullOrWhiteSpace(input.Narrative);

    /// <summary><paramref name="input"/> with its identifying fields taken from the stored <paramref name="identity"/> and <paramref name="narrative"/>.</summary>
    public static CaseInput WithIdentityOf(CaseInput input, Protection.PersonIdentity? identity, string? narrative) => input with
    {
        GivenName = identity?.GivenName,
        FamilyName = identity?.FamilyName,
        Aliases = identity?.Aliases ?? [],
        DateOfBirth = identity?.DateOfBirth,
        DocumentType = identity?.DocumentType,
        DocumentNumber = identity?.DocumentNumber,
        Phone = identity?.Phone,
        Email = identity?.Email,
        Address = identity?.Address,
        Narrative = narrative,
    };
    public const int MaxCaseCodeLength = 32;
    public const int MaxPlausibleAge = 120;
    public const int AgeOfMajority = 18;

    /// <summary>
    /// The list fields sent as JSON <c>null</c>, and <c>null</c> elements within a list, each named as the client
    /// sent it (<c>ExploitationForms[1]</c>). A JSON body can carry these although the model says "never null";
    /// nothing else of the input is safe to look at until this is empty.
    /// </summary>
    public static IReadOnlyList<FieldError> NullErrors(CaseInput input)
    {
        var errors = new List<FieldError>();
        NullList(errors, nameof(CaseInput.Aliases), input.Aliases);
        NullList(errors, nameof(CaseInput.Citizenships), input.Citizenships);
        NullList(errors, nameof(CaseInput.ExploitationForms), input.ExploitationForms);
        NullList(errors, nameof(CaseInput.MeansOfControl), input.MeansOfControl);
        NullList(errors, nameof(CaseInput.LabourTypes), input.LabourTypes);
        return errors;
    }

    /// <summary>
    /// Whether <paramref name="value"/> holds a character no text field may store: a control character other than tab,
    /// line feed and carriage return (NUL among them, which PostgreSQL refuses and other tools cut the text at), or half of a
    /// surrogate pair (not encodable as UTF-8). Returns the first offending position (0-based), or -1.
    /// </summary>
    public static int ForbiddenCharacterAt(string? value)
    {
        if (value is null)
        {
            return -1;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Checks every field of <paramref name="input"/> and returns all failures (empty when valid).</summary>
    public static IReadOnlyList<FieldError> Validate(CaseInput input, CodeListRegistry codes, DateOnly today)
    {
        var errors = new List<FieldError>(NullErrors(input));
        if (errors.Count > 0)
        {
            return errors;
        }
        foreach (var (field, value) in TextFields(input))
        {
            ForbiddenCharacters(errors, field, value);
        }

        Length(errors, nameof(CaseInput.CaseCode), input.CaseCode, MaxCaseCodeLength);
        if (input.CaseCode is { Length: > 0 } code && !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add(new(nameof(CaseInput.CaseCode), "Format", $"Case code '{code}' may contain only letters, digits and hyphens."));
        }
        Length(errors, nameof(CaseInput.GivenName), input.GivenName, MaxNameLength);
        Length(errors, nameof(CaseInput.FamilyName), input.FamilyName, MaxNameLength);
        Length(errors, nameof(CaseInput.Narrative), input.Narrative, MaxNarrativeLength);
        foreach (var alias in input.Aliases)
        {
            Length(errors, nameof(CaseInput.Aliases), alias, MaxNameLength);
        }
        if (input.Aliases.Count > MaxAliases)
        {
            errors.Add(new(nameof(CaseInput.Aliases), "OutOfRange", $"At most {MaxAliases} aliases are allowed.", MaxAliases));
        }
        Length(errors, nameof(CaseInput.DocumentType), input.DocumentType, MaxDocumentLength);
        Length(errors, nameof(CaseInput.DocumentNumber), input.DocumentNumber, MaxDocumentLength);
        Length(errors, nameof(CaseInput.Phone), input.Phone, MaxPhoneLength);
        Length(errors, nameof(CaseInput.Email), input.Email, MaxEmailLength);
        Length(errors, nameof(CaseInput.Address), input.Address, MaxAddressLength);
        // Messages about identifying fields never repeat the value: they may reach logs and screens of other people.
        if (input.Email is { Length: > 0 } email && !IsEmailShaped(email.Trim()))
        {
            errors.Add(new(nameof(CaseInput.Email), "Format", "The e-mail address is not of the form name@domain.example."));
        }
        if (input.Phone is { Length: > 0 } phone
            && (!phone.Any(char.IsAsciiDigit) || !phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '/' or '.')))
        {
            errors.Add(new(nameof(CaseInput.Phone), "Format", "The telephone number may contain only digits, spaces and + - ( ) / ."));
        }

        OptionalCode(errors, codes, CodeListIds.CaseStatus, nameof(CaseInput.Status), input.Status);
        RequiredCode(errors, codes, CodeListIds.Sex, nameof(CaseInput.Sex), input.Sex);
        RequiredCode(errors, codes, CodeListIds.TraffickingStatus, nameof(CaseInput.TraffickingStatus), input.TraffickingStatus);
        OptionalCode(errors, codes, CodeListIds.DecidingOrganisation, nameof(CaseInput.StatusDecidedBy), input.StatusDecidedBy);
        RequiredCode(errors, codes, CodeListIds.OrganisationType, nameof(CaseInput.DetectingOrganisationType), input.DetectingOrganisationType);
        OptionalCode(errors, codes, CodeListIds.Country, nameof(CaseInput.CountryOfExploitation), input.CountryOfExploitation);
        OptionalCode(errors, codes, CodeListIds.RecruitmentMethod, nameof(CaseInput.RecruitmentMethod), input.RecruitmentMethod);
        OptionalCode(errors, codes, CodeListIds.RecruiterRelationship, nameof(CaseInput.RecruiterRelationship), input.RecruiterRelationship);
        Codes(errors, codes, CodeListIds.Country, nameof(CaseInput.Citizenships), input.Citizenships);
        Codes(errors, codes, CodeListIds.ExploitationForm, nameof(CaseInput.ExploitationForms), input.ExploitationForms);
        Codes(errors, codes, CodeListIds.MeansOfControl, nameof(CaseInput.MeansOfControl), input.MeansOfControl);
        Codes(errors, codes, CodeListIds.LabourType, nameof(CaseInput.LabourTypes), input.LabourTypes);

        if (input.TraffickingStatus is "possible" && input.StatusDecidedBy is not null)
        {
            // A deciding organisation belongs to a decision; "possible victim" is the state before any decision.
            errors.Add(new(nameof(CaseInput.StatusDecidedBy), "Contradiction",
                "A deciding organisation is recorded only with an actual or not-a-victim status."));
        }

        ValidateDates(errors, input, today);
        return errors;
    }

    private static void ValidateDates(List<FieldError> errors, CaseInput input, DateOnly today)
    {
        if (input.IdentificationDate is not { } identified)
        {
            errors.Add(new(nameof(CaseInput.IdentificationDate), "Required", "The identification date is required."));
        }
        else if (identified > today)
        {
            errors.Add(new(nameof(CaseInput.IdentificationDate), "FutureDate",
                $"The identification date {identified:yyyy-MM-dd} is in the future.", identified.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (input.DateOfBirth is { } born)
        {
            if (born > today)
            {
                errors.Add(new(nameof(CaseInput.DateOfBirth), "FutureDate", "The date of birth is in the future."));
            }
            else if (today.Year - born.Year > MaxPlausibleAge)
            {
                errors.Add(new(nameof(CaseInput.DateOfBirth), "OutOfRange", $"The date of birth makes the person older than {MaxPlausibleAge}.", MaxPlausibleAge));
            }
            if (input.IdentificationDate is { } id && id < born)
            {
                errors.Add(new(nameof(CaseInput.IdentificationDate), "BeforeBirth", "The identification date is before the date of birth."));
            }
            if (input.YearOfBirth is { } year && year != born.Year)
            {
                errors.Add(new(nameof(CaseInput.YearOfBirth), "Contradiction", "The year of birth does not match the date of birth."));
            }
        }
        if (input.YearOfBirth is { } y && (y > today.Year || today.Year - y > MaxPlausibleAge))
        {
            errors.Add(new(nameof(CaseInput.YearOfBirth), "OutOfRange", $"The year of birth {y} is not plausible.", y));
        }
        if (input.YearOfBirth is { } by && input.IdentificationDate is { } idd && idd.Year < by)
        {
            errors.Add(new(nameof(CaseInput.IdentificationDate), "BeforeBirth", "The identification date is before the year of birth."));
        }

        AgeInRange(errors, nameof(CaseInput.AgeAtIdentification), input.AgeAtIdentification);
        AgeInRange(errors, nameof(CaseInput.AgeAtExploitationStart), input.AgeAtExploitationStart);

        // These rules compare with an age that may be derived from the sealed date of birth: their messages say which
        // rule failed and never the derived age, or an edit with a chosen identification date would read the date of
        // birth out of the answers (an oracle). Only the values the user typed in may be repeated.
        var derivedAge = input.DateOfBirth is { } dob && input.IdentificationDate is { } idDate && idDate >= dob
            ? AgeOn(dob, idDate)
            : (int?)null;
        if (derivedAge is { } computed && input.AgeAtIdentification is { } given && computed != given)
        {
            errors.Add(new(nameof(CaseInput.AgeAtIdentification), "Contradiction",
                "The age at identification does not match the date of birth."));
        }
        var age = input.AgeAtIdentification ?? derivedAge;
        if (age is { } a && input.MinorAtIdentification is { } minor && minor != a < AgeOfMajority)
        {
            errors.Add(new(nameof(CaseInput.MinorAtIdentification), "Contradiction",
                minor ? "The person is recorded as a minor but the age at identification is 18 or over."
                    : "The person is recorded as an adult but the age at identification is under 18."));
        }
        if (age is { } atId && input.AgeAtExploitationStart is { } atStart && atStart > atId)
        {
            errors.Add(new(nameof(CaseInput.AgeAtExploitationStart), "Contradiction",
                "The age when the exploitation began is above the age at identification."));
        }
    }

    /// <summary>One '@' with text before it and a dotted domain after it, no white space: a shape check, not a proof.</summary>
    public static bool IsEmailShaped(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || value.Any(char.IsWhiteSpace))
        {
            return false;
        }
        var domain = value[(at + 1)..];
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < domain.Length - 1 && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Whole years completed on <paramref name="on"/> by someone born on <paramref name="born"/> (29 February counts from 1 March).</summary>
    public static int AgeOn(DateOnly born, DateOnly on)
    {
        var age = on.Year - born.Year;
        if (on.Month < born.Month || (on.Month == born.Month && on.Day < born.Day))
        {
            age--;
        }
        return age;
    }

    /// <summary>Derives the age at identification: the given age, else the age computed from the date of birth.</summary>
    public static int? AgeAtIdentification(CaseInput input) =>
        input.AgeAtIdentification
        ?? (input.DateOfBirth is { } dob && input.IdentificationDate is { } id && id >= dob ? AgeOn(dob, id) : null);

    /// <summary>Minor below 18 on the identification date; without an age, the recorded majority status decides.</summary>
    public static AgeGroup ClassifyAge(int? ageAtIdentification, bool? minorAtIdentification) =>
        ageAtIdentification switch
        {
            { } a => a < AgeOfMajority ? AgeGroup.Minor : AgeGroup.Adult,
            null => minorAtIdentification switch
            {
                true => AgeGroup.Minor,
                false => AgeGroup.Adult,
                null => AgeGroup.Unknown,
            },
        };

    /// <summary>
    /// Domestic when the country of exploitation is one of the person's citizenships, transnational when it is
    /// not, unknown when either side is not known.
    /// </summary>
    public static Transnationality ClassifyTransnationality(IReadOnlyCollection<string> citizenships, string? countryOfExploitation) =>
        countryOfExploitation is null || citizenships.Count == 0 ? Transnationality.Unknown
        : citizenships.Contains(countryOfExploitation, StringComparer.Ordinal) ? Transnationality.Domestic
        : Transnationality.Transnational;

    private static IEnumerable<(string Field, string? Value)> TextFields(CaseInput input)
    {
        yield return (nameof(CaseInput.CaseCode), input.CaseCode);
        yield return (nameof(CaseInput.Status), input.Status);
        yield return (nameof(CaseInput.GivenName), input.GivenName);
        yield return (nameof(CaseInput.FamilyName), input.FamilyName);
        for (var i = 0; i < input.Aliases.Count; i++)
        {
            yield return ($"{nameof(CaseInput.Aliases)}[{i}]", input.Aliases[i]);
        }
        yield return (nameof(CaseInput.Sex), input.Sex);
        yield return (nameof(CaseInput.DocumentType), input.DocumentType);
        yield return (nameof(CaseInput.DocumentNumber), input.DocumentNumber);
        yield return (nameof(CaseInput.Phone), input.Phone);
        yield return (nameof(CaseInput.Email), input.Email);
        yield return (nameof(CaseInput.Address), input.Address);
        yield return (nameof(CaseInput.TraffickingStatus), input.TraffickingStatus);
        yield return (nameof(CaseInput.StatusDecidedBy), input.StatusDecidedBy);
        yield return (nameof(CaseInput.DetectingOrganisationType), input.DetectingOrganisationType);
        yield return (nameof(CaseInput.CountryOfExploitation), input.CountryOfExploitation);
        yield return (nameof(CaseInput.RecruitmentMethod), input.RecruitmentMethod);
        yield return (nameof(CaseInput.RecruiterRelationship), input.RecruiterRelationship);
        yield return (nameof(CaseInput.Narrative), input.Narrative);
    }

    private static void ForbiddenCharacters(List<FieldError> errors, string field, string? value)
    {
        if (ForbiddenCharacterAt(value) is >= 0 and var at)
        {
            // The value itself is not repeated (it may be identifying); the position and the code point find it.
            var code = char.IsSurrogate(value![at]) ? "an unpaired surrogate" : $"the control character U+{(int)value[at]:X4}";
            errors.Add(new(field, "ControlCharacter", $"The text contains {code} at position {at + 1}; it cannot be stored.", at + 1));
        }
    }

    private static void NullList(List<FieldError> errors, string field, IReadOnlyList<string?>? values)
    {
        if (values is null)
        {
            errors.Add(new(field, "Null", "The list is null; send [] for none."));
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                errors.Add(new($"{field}[{i}]", "Null", "The element is null; leave it out instead."));
            }
        }
    }

    private static void AgeInRange(List<FieldError> errors, string field, int? age)
    {
        if (age is < 0 or > MaxPlausibleAge)
        {
            errors.Add(new(field, "OutOfRange", $"The age {age} is not between 0 and {MaxPlausibleAge}.", age.Value, MaxPlausibleAge));
        }
    }

    private static void Length(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(field, "TooLong", $"The text has {value.Length} characters; at most {max} are allowed.", value.Length, max));
        }
    }

    private static void RequiredCode(List<FieldError> errors, CodeListRegistry codes, string list, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "Required", "A value is required."));
            return;
        }
        OptionalCode(errors, codes, list, field, value);
    }

    private static void OptionalCode(List<FieldError> errors, CodeListRegistry codes, string list, string field, string? value)
    {
        if (value is not null && !codes[list].Contains(value))
        {
            errors.Add(new(field, "UnknownCode", $"'{value}' is not a code of the {list} list.", value, list));
        }
    }

    private static void Codes(List<FieldError> errors, CodeListRegistry codes, string list, string field, IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            OptionalCode(errors, codes, list, field, value);
        }
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            errors.Add(new(field, "Duplicate", "A value is listed twice."));
        }
    }
}

using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Bogus;
using BogusGender = Bogus.DataSets.Name.Gender;

namespace Ariadne.Core.DemoData;

/// <summary>
/// Generates synthetic case inputs whose sex, age, form-of-exploitation and citizenship → country-of-exploitation
/// distributions follow <see cref="DemoMarginals"/>. Pure and deterministic: the same seed, "today", code lists and
/// marginals give the same sequence; the instance holds all its random state, so generators are independent of
/// each other and of Bogus's global seed. Not thread-safe: use one instance per thread.
/// </summary>
/// <remarks>
/// Every input passes <see cref="CaseRules.Validate"/> against the code lists given. Countries and codes that are not
/// in those lists are skipped, so a reduced country list yields fewer distinct flows, never invalid input.
/// Everything beyond the GLOTIP marginals (ages within a group, statuses, means of control, recruitment, names,
/// narratives) is an invented but plausible assumption, documented in <c>docs/demo-data.md</c>.
/// </remarks>
public sealed class DemoCaseGenerator
{
    /// <summary>How far back identification dates reach, in days (six years).</summary>
    public const int IdentificationSpanDays = 6 * 365;

    private const double UnknownAgeShare = 0.10;
    private const double FullDateOfBirthShare = 0.45;
    private const double UnknownSexShare = 0.01;
    private const double UnknownCitizenshipShare = 0.03;
    private const double DualCitizenshipShare = 0.02;
    private const double AnonymousShare = 0.08;
    private const double NarrativeShare = 0.70;
    private const double SecondFormShare = 0.06;

    private const string Sexual = "sexual-exploitation";
    private const string Labour = "forced-labour";
    private const string Other = "other-forms";

    private static readonly string[] Groups = ["female-minor", "female-adult", "male-minor", "male-adult"];

    private readonly Random _random;
    private readonly Randomizer _nameRandom;
    private readonly DateOnly _today;
    private readonly CodeListRegistry _codes;
    private readonly HashSet<string> _issuedCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Faker> _fakers = new(StringComparer.Ordinal);

    private readonly WeightedTable<int> _group;
    private readonly WeightedTable<string>[] _formCategory;
    private readonly WeightedTable<string> _otherForms;
    private readonly double _domesticServitudeShare;
    private readonly double _domesticShare;
    private readonly WeightedTable<string> _detectionCountry;
    private readonly Dictionary<string, WeightedTable<string>> _flows;
    private readonly WeightedTable<string> _foreignCitizenship;

    public DemoCaseGenerator(int seed, DateOnly today, CodeListRegistry codes, DemoMarginals? marginals = null)
    {
        marginals ??= DemoMarginals.Default;
        _random = new Random(seed);
        // Bogus gets its own seeded randomizer (never the global Randomizer.Seed), derived from the same seed.
        _nameRandom = new Randomizer(_random.Next());
        _today = today;
        _codes = codes;

        var countries = codes.Country;
        _group = new(Groups.Select((g, i) => (i, marginals.SexAge.Single(s => $"{s.Sex}-{s.AgeGroup}" == g).Share)));
        _formCategory = [.. Groups.Select(g =>
        {
            var f = marginals.Forms.Single(s => $"{s.Sex}-{s.AgeGroup}" == g);
            return new WeightedTable<string>([(Sexual, f.SexualExploitation), (Labour, f.ForcedLabour), (Other, f.OtherForms)]);
        })];
        _otherForms = new(marginals.OtherFormsSplit.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Where(kv => codes.ExploitationForm.Contains(kv.Key))
            .Select(kv => (kv.Key, kv.Value)));
        _domesticServitudeShare = marginals.DomesticServitudeShareOfForcedLabour;
        _domesticShare = marginals.DomesticShare;
        _detectionCountry = new(marginals.DetectionCountries.Where(c => countries.Contains(c.Country)).Select(c => (c.Country, c.Share)));
        _flows = marginals.Flows
            .Where(f => countries.Contains(f.CountryOfExploitation) && countries.Contains(f.Citizenship))
            .GroupBy(f => f.CountryOfExploitation, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new WeightedTable<string>(g.Select(f => (f.Citizenship, f.Share))), StringComparer.Ordinal);
        _foreignCitizenship = new(marginals.ForeignCitizenships.Where(c => countries.Contains(c.Citizenship)).Select(c => (c.Citizenship, c.Share)));
    }

    /// <summary>The next <paramref name="count"/> inputs of the sequence.</summary>
    public IEnumerable<CaseInput> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    /// <summary>The next input of the sequence.</summary>
    public CaseInput Next()
    {
        var caseCode = NextCaseCode();
        var groupIndex = _group.Pick(_random);
        var female = groupIndex < 2;
        var minor = groupIndex % 2 == 0;
        var sex = Chance(UnknownSexShare) ? "unknown" : female ? "female" : "male";
        var identified = _today.AddDays(-_random.Next(0, IdentificationSpanDays + 1));

        var age = minor ? (Chance(0.7) ? _random.Next(14, 18) : _random.Next(3, 14))
            : _random.NextDouble() switch
            {
                < 0.6 => _random.Next(18, 31),
                < 0.9 => _random.Next(31, 46),
                _ => _random.Next(46, 66),
            };
        DateOnly? dateOfBirth = null;
        int? yearOfBirth = null;
        int? ageAtIdentification = null;
        bool? minorAtIdentification = null;
        int? ageAtStart = null;
        if (Chance(UnknownAgeShare))
        {
            // Age unknown; for half of these the worker still recorded whether the person was a minor.
            minorAtIdentification = Chance(0.5) ? minor : null;
        }
        else
        {
            if (Chance(FullDateOfBirthShare / (1 - UnknownAgeShare)))
            {
                // Any day within the year before the birthday that makes the person `age` on the identification date.
                dateOfBirth = identified.AddYears(-age).AddDays(-_random.Next(0, 365));
                yearOfBirth = Chance(0.5) ? dateOfBirth.Value.Year : null;
            }
            else
            {
                ageAtIdentification = age;
                yearOfBirth = identified.Year - age - _random.Next(0, 2);
            }
            if (Chance(0.6))
            {
                ageAtStart = Math.Max(0, age - _random.Next(0, Math.Min(age, 4) + 1));
            }
        }

        var forms = NextForms(groupIndex);
        var primary = forms[0];
        var (citizenships, countryOfExploitation) = NextCountries();
        var (status, decidedBy) = NextTraffickingStatus(identified);
        var detecting = NextDetectingOrganisationType(primary);
        var means = NextMeansOfControl(primary, minor);
        var labourTypes = NextLabourTypes(forms);
        var recruitment = NextRecruitmentMethod(primary);
        var relationship = NextRecruiterRelationship(recruitment);
        var (givenName, familyName) = NextName(sex, citizenships);

        return new CaseInput
        {
            CaseCode = caseCode,
            Status = NextCaseStatus(identified),
            GivenName = givenName,
            FamilyName = familyName,
            Sex = sex,
            DateOfBirth = dateOfBirth,
            YearOfBirth = yearOfBirth,
            AgeAtIdentification = ageAtIdentification,
            MinorAtIdentification = minorAtIdentification,
            Citizenships = citizenships,
            IdentificationDate = identified,
            TraffickingStatus = status,
            StatusDecidedBy = decidedBy,
            DetectingOrganisationType = detecting,
            CountryOfExploitation = countryOfExploitation,
            AgeAtExploitationStart = ageAtStart,
            ExploitationForms = forms,
            MeansOfControl = means,
            LabourTypes = labourTypes,
            RecruitmentMethod = recruitment,
            RecruiterRelationship = relationship,
            Narrative = Chance(NarrativeShare) ? NextNarrative(forms, countryOfExploitation, means, detecting, status) : null,
        };
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private string NextCaseCode()
    {
        string code;
        do
        {
            code = CaseCodes.New(_random.Next);
        }
        while (!_issuedCodes.Add(code));
        return code;
    }

    private List<string> NextForms(int groupIndex)
    {
        var forms = new List<string>(2);
        switch (_formCategory[groupIndex].Pick(_random))
        {
            case Sexual:
                forms.Add(Sexual);
                // Sexual exploitation combined with forced labour: the most frequent pair in case files.
                if (Chance(SecondFormShare))
                {
                    forms.Add(Labour);
                }
                break;
            case Labour:
                forms.Add(Chance(_domesticServitudeShare) ? "domestic-servitude" : Labour);
                if (Chance(SecondFormShare))
                {
                    AddIfListed(forms, CodeListIds.ExploitationForm, "forced-criminal-activity");
                }
                break;
            default:
                forms.Add(_otherForms.IsEmpty ? "other" : _otherForms.Pick(_random));
                break;
        }
        return forms;
    }

    private void AddIfListed(List<string> values, string list, string code)
    {
        if (_codes[list].Contains(code) && !values.Contains(code, StringComparer.Ordinal))
        {
            values.Add(code);
        }
    }

    private (List<string> Citizenships, string? CountryOfExploitation) NextCountries()
    {
        if (_detectionCountry.IsEmpty)
        {
            return ([], null);
        }
        var country = _detectionCountry.Pick(_random);
        string citizenship;
        if (_flows.TryGetValue(country, out var flows))
        {
            citizenship = flows.Pick(_random);
        }
        else
        {
            // No citizenship data for this country of detection: the global domestic share, else a foreign citizenship.
            citizenship = Chance(_domesticShare) || _foreignCitizenship.IsEmpty ? country : _foreignCitizenship.Pick(_random);
        }
        if (Chance(UnknownCitizenshipShare))
        {
            return ([], country);
        }
        var citizenships = new List<string> { citizenship };
        if (Chance(DualCitizenshipShare) && !_foreignCitizenship.IsEmpty)
        {
            var second = _foreignCitizenship.Pick(_random);
            if (second != citizenship)
            {
                citizenships.Add(second);
            }
        }
        return (citizenships, country);
    }

    private (string Status, string? DecidedBy) NextTraffickingStatus(DateOnly identified)
    {
        // Recent files are mostly still "possible"; a decision has been taken on most older ones.
        var recent = _today.DayNumber - identified.DayNumber < 180;
        var roll = _random.NextDouble();
        var status = roll < (recent ? 0.70 : 0.35) ? "possible" : roll < (recent ? 0.95 : 0.90) ? "actual" : "not-a-victim";
        if (status == "possible")
        {
            return (status, null);
        }
        return (status, Pick(("police", 40), ("ngo", 20), ("court-or-prosecution", 20), ("government-non-police", 15), ("other", 5)));
    }

    private string NextCaseStatus(DateOnly identified)
    {
        var days = _today.DayNumber - identified.DayNumber;
        return days < 180 ? Pick(("active", 85), ("follow-up", 15))
            : days < 730 ? Pick(("active", 45), ("follow-up", 30), ("closed", 15), ("closed-referred", 10))
            : Pick(("active", 15), ("follow-up", 20), ("closed", 40), ("closed-referred", 25));
    }

    private string NextDetectingOrganisationType(string primaryForm)
    {
        var labour = primaryForm is Labour or "domestic-servitude";
        return Pick(("police", 35), ("ngo", 25), ("labour-inspectorate", labour ? 25 : 3), ("immigration", 10), ("health", 5),
            ("shelter", 5), ("government", 5), ("international", 3), ("prosecution", 2), ("other", 2));
    }

    private List<string> NextMeansOfControl(string primaryForm, bool minor)
    {
        (string, double)[] weights = primaryForm switch
        {
            Sexual => [("psychological-abuse", 20), ("threats", 18), ("takes-earnings", 15), ("false-promises", 12),
                ("physical-abuse", 10), ("sexual-abuse", 8), ("restricts-movement", 8), ("debt-bondage", 7),
                ("psychoactive-substances", 5), ("withholds-documents", 4)],
            Labour or "domestic-servitude" => [("debt-bondage", 18), ("withholds-documents", 15), ("excessive-working-hours", 15),
                ("takes-earnings", 14), ("threats", 10), ("false-promises", 10), ("restricts-movement", 8),
                ("threat-of-law-enforcement", 6), ("withholds-necessities", 4)],
            _ => [("threats", 20), ("psychological-abuse", 18), ("physical-abuse", 14), ("false-promises", 12),
                ("restricts-movement", 10), ("debt-bondage", 8), ("uses-children", minor ? 10 : 0), ("other", 4)],
        };
        var table = new WeightedTable<string>(weights.Where(w => _codes[CodeListIds.MeansOfControl].Contains(w.Item1)));
        return table.IsEmpty ? [] : table.PickDistinct(_random, _random.Next(1, 4));
    }

    private List<string> NextLabourTypes(List<string> forms)
    {
        var types = new List<string>(2);
        foreach (var form in forms)
        {
            switch (form)
            {
                case "domestic-servitude":
                    AddIfListed(types, CodeListIds.LabourType, "domestic-work");
                    break;
                case Labour:
                    var count = Chance(0.15) ? 2 : 1;
                    foreach (var type in new WeightedTable<string>(
                        [("agriculture", 20), ("construction", 15), ("manufacturing", 15), ("hospitality", 12), ("domestic-work", 10),
                         ("aquafarming", 5), ("mining", 4), ("transportation", 4), ("peddling", 4), ("other", 5)])
                        .PickDistinct(_random, count))
                    {
                        AddIfListed(types, CodeListIds.LabourType, type);
                    }
                    break;
                case "forced-begging":
                    AddIfListed(types, CodeListIds.LabourType, "begging");
                    break;
                case "forced-criminal-activity":
                    AddIfListed(types, CodeListIds.LabourType, "illicit-activities");
                    break;
            }
        }
        return types;
    }

    private string? NextRecruitmentMethod(string primaryForm)
    {
        if (Chance(0.15))
        {
            return null;
        }
        var method = primaryForm switch
        {
            Sexual => Pick(("job-offer", 25), ("intimate-partner", 20), ("internet", 15), ("familial", 10), ("posing-as-benefactor", 10),
                ("public-area", 5), ("abduction", 3), ("marriage-broker", 2), ("unknown", 10)),
            Labour or "domestic-servitude" => Pick(("job-offer", 50), ("internet", 10), ("work", 10), ("familial", 8), ("smuggling", 7),
                ("posing-as-benefactor", 5), ("unknown", 10)),
            "forced-marriage" => Pick(("familial", 50), ("marriage-broker", 30), ("intimate-partner", 10), ("unknown", 10)),
            _ => Pick(("familial", 25), ("job-offer", 15), ("posing-as-benefactor", 10), ("abduction", 8), ("public-area", 7),
                ("shelter", 3), ("educational-facility", 2), ("other", 10), ("unknown", 20)),
        };
        return _codes[CodeListIds.RecruitmentMethod].Contains(method) ? method : null;
    }

    private string? NextRecruiterRelationship(string? recruitmentMethod)
    {
        if (recruitmentMethod is null && Chance(0.5))
        {
            return null;
        }
        var relationship = recruitmentMethod switch
        {
            "intimate-partner" => "intimate-partner",
            "familial" => "family",
            _ => Pick(("stranger", 40), ("friend", 25), ("unknown", 25), ("other", 10)),
        };
        return _codes[CodeListIds.RecruiterRelationship].Contains(relationship) ? relationship : null;
    }

    private (string? Given, string? Family) NextName(string sex, List<string> citizenships)
    {
        if (Chance(AnonymousShare))
        {
            return (null, null);
        }
        var faker = FakerFor(citizenships.Count > 0 ? LocaleOf(citizenships[0]) : "en");
        var gender = sex switch
        {
            "female" => BogusGender.Female,
            "male" => BogusGender.Male,
            _ => _random.Next(2) == 0 ? BogusGender.Female : BogusGender.Male,
        };
        return (CleanName(faker.Name.FirstName(gender)), CleanName(faker.Name.LastName(gender)));
    }

    /// <summary>
    /// Repairs the slips in Bogus's name tables (35.6), so that every generated name is printable letters: a name stored as
    /// UTF-8 bytes read as Latin-1 (the Dutch "Ã\u0096mer" for "Ömer", whose C1 control character U+0096 the case rules
    /// refuse, so a whole all-or-nothing import of a large demo set failed); Italian names whose accented last letter was
    /// lost to U+FFFD ("Nicol\uFFFD"); a disambiguation left in the name ("Λαιμός (επώνυμο)"); and names padded with a
    /// space, a zero-width non-joiner or a stray comma or apostrophe (Turkish, Persian, Arabic, French tables). Draws no
    /// random numbers, so the sequence of cases is otherwise unchanged.
    /// </summary>
    internal static string CleanName(string name)
    {
        if (name.Any(c => c is >= '\u0080' and <= '\u009F') && name.All(c => c <= '\u00FF'))
        {
            // Mojibake: the Latin-1 reading of UTF-8 bytes. Strict decoding, so a name that is not such a slip stays as it is.
            try
            {
                name = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(System.Text.Encoding.Latin1.GetBytes(name));
            }
            catch (System.Text.DecoderFallbackException)
            {
            }
        }
        if (name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            name = LostAccents.GetValueOrDefault(name) ?? name.Replace("\uFFFD", "", StringComparison.Ordinal);
        }
        if (name.IndexOf(" (", StringComparison.Ordinal) is > 0 and var open && name.EndsWith(')'))
        {
            name = name[..open];
        }
        var start = 0;
        var end = name.Length;
        while (start < end && !char.IsLetter(name[start]))
        {
            start++;
        }
        while (end > start && !char.IsLetter(name[end - 1])
            && char.GetUnicodeCategory(name[end - 1]) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
        {
            end--;
        }
        return name[start..end];
    }

    /// <summary>The Italian names of Bogus's table whose last letter was lost (U+FFFD), with that letter.</summary>
    private static readonly Dictionary<string, string> LostAccents = new(StringComparer.Ordinal)
    {
        ["Esa\uFFFD"] = "Esaù",
        ["Giosu\uFFFD"] = "Giosuè",
        ["Mos\uFFFD"] = "Mosè",
        ["Nicol\uFFFD"] = "Nicolò",
        ["No\uFFFD"] = "Noè",
        ["Salom\uFFFD"] = "Salomè",
    };

    private Faker FakerFor(string locale)
    {
        if (!_fakers.TryGetValue(locale, out var faker))
        {
            // One randomizer shared by all locales of this generator: the names depend only on the seed and the sequence.
            faker = new Faker(locale) { Random = _nameRandom };
            _fakers.Add(locale, faker);
        }
        return faker;
    }

    /// <summary>The Bogus locale for names of a citizen of <paramref name="country"/>; "en" where Bogus has no fitting locale.</summary>
    internal static string LocaleOf(string country) => country switch
    {
        "RO" or "MD" => "ro",
        "UA" => "uk",
        "RU" or "BY" or "KZ" or "KG" or "TJ" or "UZ" or "TM" => "ru",
        "PL" => "pl",
        "SK" => "sk",
        "CZ" => "cz",
        "DE" => "de",
        "AT" => "de_AT",
        "CH" => "de_CH",
        "FR" or "SN" or "CI" or "BF" or "ML" or "NE" or "GN" or "TG" or "BJ" or "CM" or "CD" or "CF" or "TD" or "MG" or "HT" => "fr",
        "BE" => "nl_BE",
        "NL" => "nl",
        "IT" => "it",
        "ES" or "AR" or "BO" or "CL" or "CO" or "CU" or "DO" or "EC" or "GT" or "HN" or "NI" or "PA" or "PE" or "PY" or "SV"
            or "UY" or "VE" => "es",
        "MX" => "es_MX",
        "BR" => "pt_BR",
        "PT" or "AO" or "MZ" or "CV" => "pt_PT",
        "GB" => "en_GB",
        "IE" => "en_IE",
        "US" => "en_US",
        "CA" => "en_CA",
        "AU" => "en_AU",
        "NG" or "GH" => "en_NG",
        "IN" or "PK" or "BD" or "LK" => "en_IND",
        "ZA" => "en_ZA",
        "VN" => "vi",
        "CN" => "zh_CN",
        "TW" or "HK" => "zh_TW",
        "TR" => "tr",
        "GE" => "ge",
        "AZ" => "az",
        "HR" or "BA" or "RS" or "ME" => "hr",
        "LV" => "lv",
        "FI" => "fi",
        "SE" => "sv",
        "NO" => "nb_NO",
        "GR" or "CY" => "el",
        "IR" or "AF" => "fa",
        "NP" => "ne",
        "ID" => "id_ID",
        "JP" => "ja",
        "KR" => "ko",
        "EG" or "MA" or "DZ" or "TN" or "LY" or "SD" or "SY" or "IQ" or "JO" or "LB" or "SA" or "YE" or "PS" or "AE" or "QA"
            or "OM" or "KW" or "BH" => "ar",
        _ => "en",
    };

    private string NextNarrative(List<string> forms, string? country, List<string> means, string detecting, string status)
    {
        var english = CultureInfo.InvariantCulture;
        var sentences = new List<string>(5);
        var organisation = _codes[CodeListIds.OrganisationType].Label(detecting, english).ToLowerInvariant();
        sentences.Add(Pick(
            ($"First contact through the {organisation}.", 1),
            ($"Identified after a referral by the {organisation}.", 1),
            ($"The person approached the {organisation} for help.", 1)));
        var formLabels = string.Join(" and ", forms.Select(f => _codes.ExploitationForm.Label(f, english).ToLowerInvariant()));
        sentences.Add(country is null
            ? $"Reported exploitation: {formLabels}."
            : $"Reported exploitation: {formLabels}, in {_codes.Country.Label(country, english)}.");
        if (means.Count > 0)
        {
            sentences.Add($"Indicators noted at the first interview: {string.Join(", ", means.Select(m => _codes[CodeListIds.MeansOfControl].Label(m, english).ToLowerInvariant()))}.");
        }
        sentences.Add(Pick(
            ("Referred for safe accommodation and legal counselling.", 3),
            ("An interpreter is needed for interviews.", 2),
            ("A medical check-up was arranged.", 2),
            ("Declined assistance for now; follow-up contact agreed.", 1),
            ("Reflection period explained; the person is considering cooperation with the authorities.", 2),
            (status == "not-a-victim" ? "After assessment the indicators were not confirmed; referred to general services." : "Support plan agreed with the case worker.", 2)));
        sentences.Add("(Synthetic demo record.)");
        return string.Join(" ", sentences);
    }

    private string Pick(params (string Value, double Weight)[] options) => new WeightedTable<string>(options).Pick(_random);
}

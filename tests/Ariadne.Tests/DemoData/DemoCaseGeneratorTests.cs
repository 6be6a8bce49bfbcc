using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.DemoData;

namespace Ariadne.Tests.DemoData;

public sealed class DemoCaseGeneratorTests
{
    private static readonly DateOnly Today = new(2025, 6, 30);

    private static List<CaseInput> Generate(int seed, int count) =>
        [.. new DemoCaseGenerator(seed, Today, CodeListRegistry.Default).Generate(count)];

    [Fact]
    public void Generate_SameSeed_IdenticalCases()
    {
        var first = JsonSerializer.Serialize(Generate(7, 500));
        var second = JsonSerializer.Serialize(Generate(7, 500));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_TwoGeneratorsInterleaved_IndependentOfEachOther()
    {
        var a = new DemoCaseGenerator(7, Today, CodeListRegistry.Default);
        var b = new DemoCaseGenerator(8, Today, CodeListRegistry.Default);
        var interleaved = new List<CaseInput>();
        for (var i = 0; i < 200; i++)
        {
            interleaved.Add(a.Next());
            b.Next();
        }
        Assert.Equal(JsonSerializer.Serialize(Generate(7, 200)), JsonSerializer.Serialize(interleaved));
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentCases()
    {
        Assert.NotEqual(JsonSerializer.Serialize(Generate(1, 100)), JsonSerializer.Serialize(Generate(2, 100)));
    }

    [Fact]
    public void Generate_2000CasesSeed1_AllValidAndCaseCodesUnique()
    {
        var cases = Generate(1, 2000);
        foreach (var input in cases)
        {
            var errors = CaseRules.Validate(input, CodeListRegistry.Default, Today);
            Assert.True(errors.Count == 0, $"{input.CaseCode}: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Code}: {e.Message}"))}");
        }
        Assert.Equal(cases.Count, cases.Select(c => c.CaseCode).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generate_2000Cases_IdentificationDatesWithinTheLastSixYears()
    {
        var dates = Generate(3, 2000).Select(c => c.IdentificationDate!.Value).ToList();
        Assert.All(dates, d => Assert.InRange(d, Today.AddDays(-DemoCaseGenerator.IdentificationSpanDays), Today));
    }

    [Fact]
    public void Generate_20000Cases_SharesWithinTwoPointsOfTheMarginals()
    {
        var marginals = DemoMarginals.Default;
        var cases = Generate(11, 20_000);

        var sexed = cases.Where(c => c.Sex is "female" or "male").ToList();
        var femaleShare = sexed.Count(c => c.Sex == "female") / (double)sexed.Count;
        var aged = cases.Select(c => CaseRules.ClassifyAge(CaseRules.AgeAtIdentification(c), c.MinorAtIdentification))
            .Where(g => g != AgeGroup.Unknown).ToList();
        var minorShare = aged.Count(g => g == AgeGroup.Minor) / (double)aged.Count;
        var sexualShare = cases.Count(c => c.ExploitationForms.Contains("sexual-exploitation")) / (double)cases.Count;

        Assert.InRange(femaleShare, marginals.FemaleShare - 0.02, marginals.FemaleShare + 0.02);
        Assert.InRange(minorShare, marginals.MinorShare - 0.02, marginals.MinorShare + 0.02);
        Assert.InRange(sexualShare, marginals.SexualExploitationShare - 0.02, marginals.SexualExploitationShare + 0.02);
    }

    [Fact]
    public void Generate_2000Cases_UsesFlowsOfTheShippedCountryList()
    {
        var countries = CodeListRegistry.Default.Country;
        var cases = Generate(5, 2000);
        Assert.All(cases.Where(c => c.CountryOfExploitation is not null), c => Assert.True(countries.Contains(c.CountryOfExploitation!)));
        Assert.Contains(cases, c => c.Citizenships.Count > 0 && c.Citizenships[0] != c.CountryOfExploitation);
        Assert.Contains(cases, c => c.Citizenships.Count > 0 && c.Citizenships[0] == c.CountryOfExploitation);
    }

    [Fact]
    public void Generate_EveryCountryOfTheMarginalsListed_AllValidAndDetectionCountriesFollowTheMarginals()
    {
        var marginals = DemoMarginals.Default;
        var codes = WithCountries(marginals.DetectionCountries.Select(c => c.Country)
            .Concat(marginals.Flows.SelectMany(f => new[] { f.Citizenship, f.CountryOfExploitation }))
            .Concat(marginals.ForeignCitizenships.Select(c => c.Citizenship)));
        var cases = new DemoCaseGenerator(9, Today, codes).Generate(20_000).ToList();

        Assert.All(cases, c => Assert.Empty(CaseRules.Validate(c, codes, Today)));
        foreach (var country in marginals.DetectionCountries.Take(3))
        {
            var share = cases.Count(c => c.CountryOfExploitation == country.Country) / (double)cases.Count;
            Assert.InRange(share, country.Share - 0.02, country.Share + 0.02);
        }
    }

    /// <summary>The shipped lists with the country list replaced by the given alpha-2 codes.</summary>
    private static CodeListRegistry WithCountries(IEnumerable<string> countries)
    {
        var labels = (string code) => new Dictionary<string, string> { ["en"] = code, ["de"] = code };
        var country = new CodeList(CodeListIds.Country, "test", "test",
            [.. countries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(c => new CodeEntry(c, labels(c)))]);
        return new CodeListRegistry(CodeListRegistry.Default.Lists.Where(l => l.Id != CodeListIds.Country).Append(country));
    }

    [Fact]
    public void LocaleOf_EveryCountryOfTheMarginals_IsABogusLocaleWithNames()
    {
        var locales = DemoMarginals.Default.Flows.Select(f => DemoCaseGenerator.LocaleOf(f.Citizenship))
            .Concat(["ro", "uk", "ru", "pl", "sk", "cz", "de", "de_AT", "de_CH", "fr", "nl_BE", "nl", "it", "es", "es_MX", "pt_BR",
                "pt_PT", "en_GB", "en_IE", "en_US", "en_CA", "en_AU", "en_NG", "en_IND", "en_ZA", "vi", "zh_CN", "zh_TW", "tr",
                "ge", "az", "hr", "lv", "fi", "sv", "nb_NO", "el", "fa", "ne", "id_ID", "ja", "ko", "ar", "en"]);
        foreach (var locale in locales.Distinct(StringComparer.Ordinal))
        {
            var faker = new Bogus.Faker(locale) { Random = new Bogus.Randomizer(1) };
            Assert.False(string.IsNullOrWhiteSpace(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female)), locale);
            Assert.False(string.IsNullOrWhiteSpace(faker.Name.LastName(Bogus.DataSets.Name.Gender.Male)), locale);
        }
    }

    /// <summary>
    /// The benchmark data set (100,000 cases, the benchmarks' seed and day) once held a given name with the C1 control
    /// character U+0096, so that every all-or-nothing import of it failed: every generated name must be printable
    /// letters, with at most spaces, hyphens, apostrophes and full stops between them, and must pass the case rules.
    /// </summary>
    [Fact]
    public void Generate_100000CasesOfTheBenchmarkSeed_EveryNameIsPrintableLetters()
    {
        var today = new DateOnly(2026, 11, 28);
        var bad = new List<string>();
        var i = 0;
        foreach (var input in new DemoCaseGenerator(20261128, today, CodeListRegistry.Default).Generate(100_000))
        {
            i++;
            foreach (var name in new[] { input.GivenName, input.FamilyName })
            {
                if (name is not null && !IsPrintableName(name))
                {
                    bad.Add($"row {i}: {name} [{string.Join(" ", name.Select(c => $"U+{(int)c:X4}"))}]");
                }
            }
        }
        Assert.Empty(bad);
    }

    /// <summary>Every name of every Bogus table the generator draws from, once cleaned, is printable letters.</summary>
    [Fact]
    public void CleanName_EveryNameOfEveryLocaleUsed_IsPrintableLetters()
    {
        var bad = new List<string>();
        foreach (var locale in UsedLocales)
        {
            foreach (var path in new[] { "first_name", "last_name", "male_first_name", "female_first_name", "male_last_name", "female_last_name" })
            {
                if (Bogus.Database.HasKey("name", path, locale) && Bogus.Database.Get("name", path, locale) is Bogus.Bson.BArray names)
                {
                    bad.AddRange(names.Cast<Bogus.Bson.BValue>().Select(n => DemoCaseGenerator.CleanName(n.StringValue)).Where(n => !IsPrintableName(n)).Select(n => $"{locale} {path}: {n}"));
                }
            }
        }
        Assert.Empty(bad);
    }

    private static readonly string[] UsedLocales = ["ro", "uk", "ru", "pl", "sk", "cz", "de", "de_AT", "de_CH", "fr", "nl_BE", "nl", "it", "es", "es_MX",
        "pt_BR", "pt_PT", "en_GB", "en_IE", "en_US", "en_CA", "en_AU", "en_NG", "en_IND", "en_ZA", "vi", "zh_CN", "zh_TW", "tr", "ge", "az", "hr", "lv",
        "fi", "sv", "nb_NO", "el", "fa", "ne", "id_ID", "ja", "ko", "ar", "en"];

    /// <summary>
    /// Letters (with combining marks) from the first to the last character; inside, also spaces, hyphens, apostrophes,
    /// full stops and the zero-width non-joiner of Persian compound names ("علی‌پور").
    /// </summary>
    private static bool IsPrintableName(string name) =>
        name.Length > 0 && char.IsLetter(name[0]) && (char.IsLetter(name[^1]) || IsMark(name[^1]))
        && name.All(c => char.IsLetter(c) || IsMark(c) || c is ' ' or '-' or '\'' or '.' or '\u2019' or '\u200C');

    private static bool IsMark(char c) =>
        char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    [Theory]
    [InlineData("\u00C3\u0096mer", "\u00D6mer")]
    [InlineData("Akar ", "Akar")]
    [InlineData("\u062C\u0627\u0628\u0631\u200C", "\u062C\u0627\u0628\u0631")]
    [InlineData("\u0639\u0644\u06CC\u200C\u067E\u0648\u0631", "\u0639\u0644\u06CC\u200C\u067E\u0648\u0631")]
    [InlineData("Ren\u00E9e", "Ren\u00E9e")]
    [InlineData("Nicol\uFFFD", "Nicol\u00F2")]
    [InlineData("Florent,", "Florent")]
    [InlineData("Mauricette'", "Mauricette")]
    [InlineData("\u039B\u03B1\u03B9\u03BC\u03CC\u03C2 (\u03B5\u03C0\u03CE\u03BD\u03C5\u03BC\u03BF)", "\u039B\u03B1\u03B9\u03BC\u03CC\u03C2")]
    public void CleanName_BogusTableSlips_Repaired(string raw, string expected)
    {
        Assert.Equal(expected, DemoCaseGenerator.CleanName(raw));
    }
}

using System.Globalization;
using System.Text;

namespace Ariadne.Core.Finance;

/// <summary>The generated parties, the accounts of each shared-phone group, and the ground truth of fuzzy entity resolution: the accounts of each person planted under name variants.</summary>
public sealed record GeneratedParties(IReadOnlyList<PartyRow> Parties, IReadOnlyList<string[]> SharedGroups, IReadOnlyList<string[]> Persons);

/// <summary>The ground truth of R19: the identifiers of an ad list (some of planted holders, some of nobody) and the accounts of the planted holders.</summary>
public sealed record GeneratedAdList(IReadOnlyList<string> Identifiers, IReadOnlyList<string> Accounts);

/// <summary>
/// Synthetic account holders for generated accounts (tests, the demo, <c>ariadne finance generate</c>): one party per
/// account with an invented name, phone, e-mail, address, document number and date of birth, <c>sharedGroups</c> groups
/// of three accounts whose differently named holders share one phone number (the pattern of rule R6), and
/// <c>variantPersons</c> persons who hold two or three accounts under variants of one name (a typo, the names transposed,
/// diacritics dropped or added) with the same date of birth and, for every other person, the same address — and
/// nothing else in common (phone, e-mail and document differ), so only fuzzy entity resolution joins them. The first
/// variant person is the first holder of the first shared-phone group, so that R6 grows by the person's other accounts.
/// For each variant person a namesake decoy (another holder with the same given name and date of birth, a different
/// family name) must stay apart. Deterministic per seed. Every name is made up; no real person is meant.
/// </summary>
public static class FinancePartyGenerator
{
    private static readonly string[] Given = ["Alva", "Borin", "Cela", "Dario", "Elin", "Faro", "Gwen", "Hakon", "Ines", "Jorun", "Kasimir", "Lenka", "Mirek", "Nadja",
        "Oskar", "Pia", "Quirin", "Rasa", "Sölvi", "Teodor", "Ulla", "Vito", "Wanda", "Xaver", "Ylva", "Zoran", "Åsa", "Émile", "Liv", "Noé", "Tove", "Ivo"];

    // Family names are two or three of these syllables ("Brixenvald", "Korholmstad"): about 14,000 names.
    private static readonly string[] Syllables = ["ar", "brix", "cor", "dun", "esk", "fen", "gris", "holm", "ilv", "jast", "kell", "lund", "mor", "nesk", "orv",
        "pell", "quist", "rand", "stad", "tor", "ulm", "vald", "wick", "zell"];

    public const string FileName = "parties.csv";
    public const string PersonsFileName = "persons.csv";

    /// <returns>The parties, and the accounts of each shared-phone group.</returns>
    public static (IReadOnlyList<PartyRow> Parties, IReadOnlyList<string[]> SharedGroups) Generate(IReadOnlyList<string> accounts, int seed, int sharedGroups)
    {
        var generated = Generate(accounts, seed, sharedGroups, variantPersons: 0);
        return (generated.Parties, generated.SharedGroups);
    }

    /// <summary>See the class remarks; <paramref name="variantPersons"/> needs four accounts each (at most a quarter of the accounts are used).</summary>
    public static GeneratedParties Generate(IReadOnlyList<string> accounts, int seed, int sharedGroups, int variantPersons)
    {
        var random = new Random(seed);
        var parties = new List<PartyRow>(accounts.Count);
        var start = new DateOnly(1950, 1, 1).DayNumber;
        for (var i = 0; i < accounts.Count; i++)
        {
            var name = $"{Given[random.Next(Given.Length)]} {Family(random)}";
            parties.Add(new PartyRow(i + 2, accounts[i], name, string.Create(CultureInfo.InvariantCulture, $"+99 555 {1_000_000 + i}"),
                string.Create(CultureInfo.InvariantCulture, $"holder{i}@example.invalid"),
                string.Create(CultureInfo.InvariantCulture, $"{1 + random.Next(200)} Synthetic Lane, Flat {i}, Demo City"),
                string.Create(CultureInfo.InvariantCulture, $"X{9_000_000 + i}"),
                DateOnly.FromDayNumber(start + random.Next(20_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        var groups = new List<string[]>();
        var used = new HashSet<int>();
        for (var g = 0; g < sharedGroups && (g + 1) * 3 <= accounts.Count; g++)
        {
            // Spread over the file: accounts far apart, so that they are unrelated by transactions too.
            var members = new[] { g, g + accounts.Count / 3, g + 2 * accounts.Count / 3 };
            var phone = string.Create(CultureInfo.InvariantCulture, $"+99 777 {100_000 + g}");
            foreach (var m in members)
            {
                parties[m] = parties[m] with { Phone = phone };
            }
            groups.Add([.. members.Select(m => accounts[m])]);
            used.UnionWith(members);
        }
        // Variant persons take accounts from the end of the file backwards (the shared groups sit at the thirds), four
        // per person: the original, up to two variants, the decoy. The first person's original is the first group's first holder.
        var persons = new List<string[]>();
        var next = accounts.Count - 1;
        int Take()
        {
            while (used.Contains(next))
            {
                next--;
            }
            used.Add(next);
            return next--;
        }
        for (var v = 0; v < variantPersons && accounts.Count - next + 4 <= accounts.Count / 4; v++)
        {
            var original = v == 0 && groups.Count > 0 ? 0 : Take();
            var person = parties[original];
            var members = new List<int> { original };
            var copies = 1 + random.Next(2);
            for (var c = 0; c < copies; c++)
            {
                var a = Take();
                parties[a] = parties[a] with
                {
                    Name = Variant(person.Name!, random),
                    DateOfBirth = person.DateOfBirth,
                    Address = v % 2 == 0 ? parties[a].Address : person.Address,
                };
                members.Add(a);
            }
            var decoy = Take();
            parties[decoy] = parties[decoy] with { Name = person.Name!.Split(' ')[0] + " " + Family(random), DateOfBirth = person.DateOfBirth };
            persons.Add([.. members.Select(m => accounts[m])]);
        }
        return new GeneratedParties(parties, groups, persons);
    }

    /// <summary>An invented traveller without an account (a ticket's passenger in generated data, rule R10); deterministic per number.</summary>
    public static string Traveller(int number)
    {
        var random = new Random(unchecked(number * 7_919 + 104_729));
        return $"{Given[random.Next(Given.Length)]} {Family(random)}";
    }

    public const string AdListFileName = "ad-identifiers.csv";

    /// <summary>
    /// A scraped ad-identifier list for rule R19: the phone numbers (written as "0099 …" where the parties file has
    /// "+99 …", the same number after normalisation) or upper-cased e-mail addresses of <paramref name="count"/> holders
    /// spread over the file — none of a shared-phone group or a variant person, so that R19 is their only planted reason
    /// — and as many identifiers of nobody. Deterministic; every identifier is made up.
    /// </summary>
    public static GeneratedAdList AdIdentifiers(GeneratedParties generated, int count)
    {
        ArgumentNullException.ThrowIfNull(generated);
        var taken = generated.SharedGroups.Concat(generated.Persons).SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var parties = generated.Parties;
        var identifiers = new List<string>();
        var accounts = new List<string>();
        for (var k = 0; k < count && parties.Count > 0; k++)
        {
            var at = (int)((k + 1L) * parties.Count / (count + 1));
            while (at < parties.Count - 1 && (taken.Contains(parties[at].AccountId) || accounts.Contains(parties[at].AccountId)))
            {
                at++;
            }
            var party = parties[at];
            var byPhone = k % 2 == 0 || party.Email is null;
            identifiers.Add(byPhone ? "00" + party.Phone!.TrimStart('+') : party.Email!.ToUpperInvariant());
            accounts.Add(party.AccountId);
            identifiers.Add(k % 2 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"+99 666 {200_000 + k}")
                : string.Create(CultureInfo.InvariantCulture, $"ad{k}@example.invalid"));
        }
        return new GeneratedAdList(identifiers, accounts);
    }

    /// <summary>Writes an ad-identifier list: <c>identifier,source</c>, one identifier a line.</summary>
    public static void WriteAdList(string path, GeneratedAdList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var text = new StringBuilder("identifier,source\n");
        foreach (var identifier in list.Identifiers)
        {
            text.Append(Quote(identifier)).Append(",synthetic ad scrape\n");
        }
        File.WriteAllText(path, text.ToString());
    }

    private static string Family(Random random)
    {
        var count = 2 + random.Next(2);
        var text = new StringBuilder();
        for (var s = 0; s < count; s++)
        {
            text.Append(Syllables[random.Next(Syllables.Length)]);
        }
        text[0] = char.ToUpperInvariant(text[0]);
        return text.ToString();
    }

    /// <summary>One variant of a "Given Family" name: a typo (a letter replaced, dropped or doubled), the names transposed ("Family, Given" or "FAMILY Given"), or diacritics changed.</summary>
    internal static string Variant(string name, Random random)
    {
        var parts = name.Split(' ', 2);
        switch (random.Next(4))
        {
            case 0:
                return (random.Next(2) == 0 ? parts[1] : Typo(parts[1], random)) + ", " + parts[0];
            case 1:
                return (random.Next(2) == 0 ? parts[1] : Typo(parts[1], random)).ToUpperInvariant() + " " + parts[0];
            case 2:
                var accented = name.Replace('o', 'ö').Replace('a', 'á');
                var plain = name.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray();
                return accented != name ? accented : new string(plain);
            default:
                return parts[0] + " " + Typo(parts[1], random);
        }
    }

    /// <summary>One letter after the first replaced, dropped or doubled.</summary>
    private static string Typo(string word, Random random)
    {
        var text = new StringBuilder(word);
        var at = 1 + random.Next(text.Length - 1);
        switch (random.Next(3))
        {
            case 0:
                text[at] = text[at] == 'e' ? 'a' : 'e';
                break;
            case 1:
                text.Remove(at, 1);
                break;
            default:
                text.Insert(at, text[at]);
                break;
        }
        return text.ToString();
    }

    /// <summary>Writes the parties file layout <c>account_id,name,phone,email,address,document_number,date_of_birth</c>.</summary>
    public static void Write(string path, IEnumerable<PartyRow> parties)
    {
        var text = new StringBuilder("account_id,name,phone,email,address,document_number,date_of_birth\n");
        foreach (var p in parties)
        {
            text.AppendJoin(',', new[] { p.AccountId, p.Name, p.Phone, p.Email, p.Address, p.DocumentNumber, p.DateOfBirth }.Select(Quote)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes the ground truth of fuzzy entity resolution: <c>person,account_id</c>, one row per account of a planted variant person.</summary>
    public static void WritePersons(string path, IReadOnlyList<string[]> persons)
    {
        var text = new StringBuilder("person,account_id\n");
        for (var p = 0; p < persons.Count; p++)
        {
            foreach (var account in persons[p])
            {
                text.Append(CultureInfo.InvariantCulture, $"P{p + 1:D6},{account}\n");
            }
        }
        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

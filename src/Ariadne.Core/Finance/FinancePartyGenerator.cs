using System.Globalization;
using System.Text;

namespace Ariadne.Core.Finance;

/// <summary>
/// Synthetic account holders for generated accounts (tests, the demo, <c>ariadne finance generate</c>): one party per
/// account with an invented name, phone, e-mail, address and document number, and <c>sharedGroups</c> groups of three
/// accounts whose differently named holders share one phone number (the pattern of rule R6). Deterministic per seed.
/// Every name is made up from the lists below; no real person is meant.
/// </summary>
public static class FinancePartyGenerator
{
    private static readonly string[] Given = ["Alva", "Borin", "Cela", "Dario", "Elin", "Faro", "Gwen", "Hakon", "Ines", "Jorun", "Kasimir", "Lenka", "Mirek", "Nadja", "Oskar", "Pia"];
    private static readonly string[] Family = ["Arnhold", "Brixen", "Corvel", "Dunstan", "Eskeland", "Fenwick", "Grisell", "Holmvik", "Ilvane", "Jastrow", "Kellbrand", "Lundqvar"];

    public const string FileName = "parties.csv";

    /// <returns>The parties, and the accounts of each shared-phone group.</returns>
    public static (IReadOnlyList<PartyRow> Parties, IReadOnlyList<string[]> SharedGroups) Generate(IReadOnlyList<string> accounts, int seed, int sharedGroups)
    {
        var random = new Random(seed);
        var parties = new List<PartyRow>(accounts.Count);
        for (var i = 0; i < accounts.Count; i++)
        {
            var name = $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}-{i.ToString(CultureInfo.InvariantCulture)}";
            parties.Add(new PartyRow(i + 2, accounts[i], name, string.Create(CultureInfo.InvariantCulture, $"+99 555 {1_000_000 + i}"),
                string.Create(CultureInfo.InvariantCulture, $"holder{i}@example.invalid"),
                string.Create(CultureInfo.InvariantCulture, $"{1 + random.Next(200)} Synthetic Lane, Flat {i}, Demo City"),
                string.Create(CultureInfo.InvariantCulture, $"X{9_000_000 + i}")));
        }
        var groups = new List<string[]>();
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
        }
        return (parties, groups);
    }

    /// <summary>Writes the parties file layout <c>account_id,name,phone,email,address,document_number</c>.</summary>
    public static void Write(string path, IEnumerable<PartyRow> parties)
    {
        var text = new StringBuilder("account_id,name,phone,email,address,document_number\n");
        foreach (var p in parties)
        {
            text.AppendJoin(',', new[] { p.AccountId, p.Name, p.Phone, p.Email, p.Address, p.DocumentNumber }.Select(Quote)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

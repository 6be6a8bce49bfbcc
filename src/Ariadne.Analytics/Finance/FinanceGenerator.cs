namespace Ariadne.Analytics.Finance;

/// <summary>A generated account; <see cref="BusinessType"/> is the business type or MCC the accounts file gives (null for individuals).</summary>
public sealed record GeneratedAccount(string Id, AccountKind Kind, int Bank, string Branch, string Country, short MerchantCategory, string? BusinessType = null,
    string? OpeningHours = null, string? TimeZone = null);

/// <summary>
/// One generated transaction; <see cref="AlertId"/> is −1 for background traffic. <see cref="Place"/> is the region
/// where it happened, <see cref="Type"/> the file's transaction type when the channel alone does not say it (PAYROLL).
/// <see cref="Passenger"/> is the passenger of a ticket (rule R10): −1 none, an account index for that account's holder,
/// or <see cref="FinanceGenerator.Traveller"/> of a traveller without an account; the writer turns it into a name.
/// <see cref="Trip"/> is "one-way" or "return" for tickets.
/// </summary>
public readonly record struct GeneratedTransaction(long Id, int Source, int Target, long Amount, long Time, Channel Channel, short MerchantCategory, string? Branch, int AlertId,
    string? Place = null, string? Type = null, int Passenger = -1, string? Trip = null);

/// <summary>Ground truth of one planted pattern.</summary>
public sealed record PlantedPattern(int AlertId, string Typology, int[] Accounts, List<long> Transactions);

/// <summary>
/// The generated data; <see cref="Lists"/> are the list files of the list-driven rules by name (processors for R14,
/// tagged addresses for R15, the licensed-agency register for R17), each a list of account ids.
/// </summary>
public sealed record GeneratedData(IReadOnlyList<GeneratedAccount> Accounts, List<GeneratedTransaction> Transactions, IReadOnlyList<PlantedPattern> Patterns, long Epoch,
    IReadOnlyDictionary<string, string[]>? Lists = null);

/// <summary>
/// Synthetic banks, accounts and transactions (only synthetic data): background traffic (transfers to a few regular
/// counterparties, card purchases at merchants, cash in and out mostly at the home branch, some wires and prepaid
/// reloads) and planted patterns with ground truth — the eight AMLSim typologies (fan_in, fan_out, cycle, bipartite,
/// stack, scatter_gather, gather_scatter, random) and trafficking patterns of the red-flag rules (ad_site, lodging,
/// multi_branch_cash, funnel, structuring). Each pattern uses fresh accounts. Deterministic for a seed.
/// Planted amounts are drawn from the same range as background transfers, so amount alone does not give them away.
/// </summary>
public static class FinanceGenerator
{
    public static readonly string[] Typologies =
        ["fan_in", "fan_out", "cycle", "bipartite", "stack", "scatter_gather", "gather_scatter", "random", "ad_site", "lodging", "multi_branch_cash", "funnel", "structuring"];

    /// <summary>
    /// Patterns of the rules that need places, payroll types, business types and lists (R3, R18, R5, R11, R14, R15,
    /// R17). They are planted after the others from a second random stream, so the accounts and transactions of the
    /// typologies above stay the same for a seed (the background only ends a little earlier).
    /// </summary>
    public static readonly string[] ProfileTypologies =
        ["funnel_region", "geo_hopping", "many_payrolls", "business_no_payroll", "processor", "tagged_address", "unlicensed_agency"];

    /// <summary>
    /// Patterns of R10 (ticket passengers against the holders' names) and R12 (cash against declared opening hours),
    /// planted last from a third random stream so that everything above stays the same for a seed.
    /// </summary>
    public static readonly string[] TravelAndHoursTypologies = ["third_party_travel", "out_of_hours_cash"];

    /// <summary>The <see cref="GeneratedTransaction.Passenger"/> value of traveller number <paramref name="k"/> (0, 1 …), a person without an account.</summary>
    public static int Traveller(int k) => -2 - k;

    /// <summary>The traveller number of a <see cref="GeneratedTransaction.Passenger"/> value below −1.</summary>
    public static int TravellerNumber(int passenger) => -2 - passenger;

    /// <summary>Synthetic regions; each branch lies in one.</summary>
    public static readonly string[] Regions = ["Northshire", "Eastvale", "Westmoor", "Southfield", "Midland", "Highcliff", "Lowbridge", "Riverton"];

    /// <summary>Names of the list files the generator writes (and the rule set it writes refers to).</summary>
    public const string ProcessorList = "processors.csv";
    public const string TaggedList = "tagged-addresses.csv";
    public const string AgencyRegister = "licensed-agencies.csv";

    private static readonly string[] BusinessTypes = ["consulting", "retail", "restaurant", "construction", "nail_salon", "transport", "it_services", "cleaning"];

    /// <summary>2025-01-01T00:00:00Z: the first day of the generated year.</summary>
    public const long DefaultEpoch = 1_735_689_600;

    private const long Day = 86_400;
    private const int Days = 365;

    private static readonly (short Mcc, int Weight)[] MerchantCategories =
        [(5411, 30), (5812, 15), (5814, 15), (5541, 12), (5912, 8), (5651, 8), (4900, 6), (7011, 2), (7512, 1), (4121, 2), (7311, 1), (5967, 1)];

    private static readonly string[] ForeignCountries = ["MX", "PH", "TH", "DE", "GB", "NG", "MM"];

    public static GeneratedData Generate(int accounts, int transactions, int seed, long epoch = DefaultEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(transactions, accounts);
        var random = new Random(seed);
        var banks = Math.Clamp(accounts / 2_000, 2, 20);
        const int branchesPerBank = 10;
        var list = new List<GeneratedAccount>(accounts);
        var merchantCount = Math.Max(MerchantCategories.Length * 2, accounts / 50);
        for (var i = 0; i < accounts; i++)
        {
            var bank = random.Next(banks);
            var branch = $"B{bank:D2}-{random.Next(branchesPerBank):D2}";
            short mcc = 0;
            var kind = AccountKind.Individual;
            if (i < merchantCount)
            {
                mcc = i < MerchantCategories.Length * 2 ? MerchantCategories[i % MerchantCategories.Length].Mcc : Pick(random, MerchantCategories);
                kind = AccountKind.Business;
            }
            else if (random.NextDouble() < 0.08)
            {
                kind = AccountKind.Business;
            }
            var country = random.NextDouble() < 0.03 ? ForeignCountries[random.Next(ForeignCountries.Length)] : "US";
            list.Add(new GeneratedAccount($"A{i + 1:D7}", kind, bank, branch, mcc == 0 ? country : "US", mcc));
        }
        var merchantsBy = list.Take(merchantCount).Select((a, i) => (a.MerchantCategory, i)).GroupBy(p => p.MerchantCategory).ToDictionary(g => g.Key, g => g.Select(p => p.i).ToArray());
        var people = Enumerable.Range(merchantCount, accounts - merchantCount).ToArray();
        var branches = Enumerable.Range(0, banks).SelectMany(b => Enumerable.Range(0, branchesPerBank).Select(k => $"B{b:D2}-{k:D2}")).ToArray();

        // Fresh accounts for patterns, drawn from the end of a shuffled list of non-merchants; background keeps all.
        var pool = (int[])people.Clone();
        random.Shuffle(pool);
        var poolNext = 0;
        var perTypology = Math.Max(2, accounts / 1_000);
        var patterns = new List<PlantedPattern>();
        var tx = new List<GeneratedTransaction>(transactions);
        long nextId = 1;
        var alertId = 0;

        int[] Fresh(int n)
        {
            if (poolNext + n > pool.Length / 2)
            {
                throw new ArgumentException("Too few accounts for the planted patterns; raise --accounts.");
            }
            var result = pool[poolNext..(poolNext + n)];
            poolNext += n;
            return result;
        }

        long Amount(int lo = 100, int hi = 2_000) => random.NextInt64(lo * 100L, hi * 100L);
        long Jitter() => random.NextInt64(Day);

        void Add(PlantedPattern p, int s, int t, long amount, long time, Channel channel, short mcc = 0, string? branch = null)
        {
            p.Transactions.Add(nextId);
            tx.Add(new GeneratedTransaction(nextId++, s, t, amount, time, channel, mcc, branch, p.AlertId));
        }

        int Merchant(short mcc) => merchantsBy[mcc][random.Next(merchantsBy[mcc].Length)];

        for (var k = 0; k < perTypology; k++)
        {
            foreach (var typology in Typologies)
            {
                var start = epoch + random.Next(Days - 60) * Day;
                PlantedPattern P(int[] members) { var p = new PlantedPattern(++alertId, typology, members, []); patterns.Add(p); return p; }
                switch (typology)
                {
                    case "fan_in" or "fan_out":
                        {
                            var m = Fresh(random.Next(6, 10));
                            var p = P(m);
                            for (var i = 1; i < m.Length; i++)
                            {
                                var t = start + random.Next(6) * Day + Jitter();
                                if (typology == "fan_in") { Add(p, m[i], m[0], Amount(), t, Channel.Transfer); } else { Add(p, m[0], m[i], Amount(), t, Channel.Transfer); }
                            }
                            break;
                        }
                    case "cycle":
                        {
                            var m = Fresh(random.Next(3, 7));
                            var p = P(m);
                            var amount = Amount(500, 2_000);
                            var t = start;
                            for (var i = 0; i < m.Length; i++)
                            {
                                t += random.Next(1, 4) * Day + Jitter() / 4;
                                amount = amount * random.Next(90, 100) / 100;
                                Add(p, m[i], m[(i + 1) % m.Length], amount, t, Channel.Transfer);
                            }
                            break;
                        }
                    case "bipartite":
                        {
                            var m = Fresh(random.Next(5, 8) + 2);
                            var p = P(m);
                            for (var i = 0; i < m.Length - 2; i++)
                            {
                                for (var j = m.Length - 2; j < m.Length; j++)
                                {
                                    Add(p, m[i], m[j], Amount(), start + random.Next(6) * Day + Jitter(), Channel.Transfer);
                                }
                            }
                            break;
                        }
                    case "stack":
                        {
                            var m = Fresh(9);
                            var p = P(m);
                            for (var i = 0; i < 3; i++)
                            {
                                for (var j = 3; j < 6; j++)
                                {
                                    Add(p, m[i], m[j], Amount(), start + random.Next(3) * Day + Jitter(), Channel.Transfer);
                                    Add(p, m[j], m[i + 6], Amount(), start + (4 + random.Next(3)) * Day + Jitter(), Channel.Transfer);
                                }
                            }
                            break;
                        }
                    case "scatter_gather":
                        {
                            var m = Fresh(7);
                            var p = P(m);
                            for (var i = 1; i < 6; i++)
                            {
                                var amount = Amount();
                                var t = start + random.Next(4) * Day + Jitter();
                                Add(p, m[0], m[i], amount, t, Channel.Transfer);
                                Add(p, m[i], m[6], amount * 95 / 100, t + random.Next(1, 5) * Day, Channel.Transfer);
                            }
                            break;
                        }
                    case "gather_scatter":
                        {
                            var m = Fresh(11);
                            var p = P(m);
                            for (var i = 1; i < 6; i++)
                            {
                                Add(p, m[i], m[0], Amount(), start + random.Next(4) * Day + Jitter(), Channel.Transfer);
                                Add(p, m[0], m[i + 5], Amount(), start + (5 + random.Next(4)) * Day + Jitter(), Channel.Transfer);
                            }
                            break;
                        }
                    case "random":
                        {
                            var m = Fresh(random.Next(4, 7));
                            var p = P(m);
                            var at = 0;
                            var t = start;
                            for (var step = 0; step < 10; step++)
                            {
                                var next = random.Next(m.Length - 1);
                                next = next >= at ? next + 1 : next;
                                t += random.Next(1, 3) * Day + Jitter() / 4;
                                Add(p, m[at], m[next], Amount(), t, Channel.Transfer);
                                at = next;
                            }
                            break;
                        }
                    case "ad_site":
                        {
                            var m = Fresh(1);
                            var p = P(m);
                            for (var i = random.Next(3, 7); i > 0; i--)
                            {
                                var mcc = random.Next(2) == 0 ? (short)7311 : (short)5967;
                                Add(p, m[0], Merchant(mcc), Amount(20, 300), start + random.Next(20) * Day + Jitter(), Channel.Card, mcc);
                            }
                            break;
                        }
                    case "lodging":
                        {
                            var m = Fresh(1);
                            var p = P(m);
                            for (var i = random.Next(4, 9); i > 0; i--)
                            {
                                Add(p, m[0], Merchant(7011), Amount(80, 400), start + random.Next(20) * Day + Jitter(), Channel.Card, 7011);
                            }
                            break;
                        }
                    case "multi_branch_cash" or "funnel":
                        {
                            var funnel = typology == "funnel";
                            var m = funnel ? [Fresh(1)[0], pool[^(alertId % 50 + 1)]] : Fresh(1);
                            var p = P(m);
                            for (var round = 0; round < (funnel ? 3 : 1); round++)
                            {
                                var t0 = start + round * 20 * Day;
                                long total = 0;
                                for (var i = random.Next(5, 8); i > 0; i--)
                                {
                                    var amount = Amount(300, 2_000);
                                    total += amount;
                                    Add(p, m[0], m[0], amount, t0 + random.Next(5) * Day + Jitter(), Channel.CashIn, 0, branches[random.Next(branches.Length)]);
                                }
                                if (funnel)
                                {
                                    Add(p, m[0], m[1], total * 95 / 100, t0 + 6 * Day + Jitter() / 2, Channel.Wire);
                                }
                            }
                            break;
                        }
                    case "structuring":
                        {
                            var m = Fresh(1);
                            var p = P(m);
                            for (var i = random.Next(3, 6); i > 0; i--)
                            {
                                Add(p, m[0], m[0], Amount(8_100, 9_990), start + random.Next(6) * Day + Jitter(), Channel.CashIn, 0, list[m[0]].Branch);
                            }
                            break;
                        }
                }
            }
        }

        // Funnel beneficiaries are abroad, in a listed source or transit country.
        foreach (var p in patterns.Where(p => p.Typology == "funnel"))
        {
            list[p.Accounts[1]] = list[p.Accounts[1]] with { Country = "MM" };
        }

        // The profile patterns take what the pool has left: five list members, then up to twelve accounts a round (fewer
        // rounds on a small dataset, none when even the list members do not fit).
        var profileRounds = Math.Min(perTypology, Math.Max(0, (pool.Length / 2 - poolNext - 5) / 12));
        var (lists, reserved) = PlantProfilePatterns(seed, epoch, list, people, Fresh, ref nextId, ref alertId, profileRounds, patterns, tx, branches, transactions);
        // Then R10 and R12: two ticket sellers, and six accounts a round (planted and decoys).
        var travelRounds = Math.Min(perTypology, Math.Max(0, (pool.Length / 2 - poolNext - 2) / 6));
        if (pool.Length / 2 - poolNext >= 2)
        {
            reserved.UnionWith(PlantTravelAndHours(seed, epoch, list, Fresh, ref nextId, ref alertId, travelRounds, patterns, tx));
        }

        // Background: each person has 1–5 regular counterparties.
        var regular = new int[accounts][];
        foreach (var a in people)
        {
            regular[a] = [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => people[random.Next(people.Length)])];
        }
        while (tx.Count < transactions)
        {
            var a = people[random.Next(people.Length)];
            var time = epoch + random.NextInt64(Days * Day);
            var roll = random.NextDouble();
            if (reserved.Contains(a))
            {
                // Processors, the tagged address and agencies only see their own planted and near-miss traffic.
                continue;
            }
            if (roll < 0.55)
            {
                var b = random.NextDouble() < 0.7 ? regular[a][random.Next(regular[a].Length)] : people[random.Next(people.Length)];
                if (b != a && !reserved.Contains(b))
                {
                    tx.Add(new GeneratedTransaction(nextId++, a, b, LogNormal(random, 150), time, Channel.Transfer, 0, null, -1));
                }
            }
            else if (roll < 0.85)
            {
                var mcc = Pick(random, MerchantCategories);
                tx.Add(new GeneratedTransaction(nextId++, a, Merchant(mcc), LogNormal(random, 40), time, Channel.Card, mcc, null, -1));
            }
            else if (roll < 0.93)
            {
                var branch = random.NextDouble() < 0.8 ? list[a].Branch : branches[random.Next(branches.Length)];
                tx.Add(new GeneratedTransaction(nextId++, a, a, LogNormal(random, 200), time, Channel.CashIn, 0, branch, -1));
            }
            else if (roll < 0.97)
            {
                tx.Add(new GeneratedTransaction(nextId++, a, a, LogNormal(random, 100), time, Channel.CashOut, 0, list[a].Branch, -1));
            }
            else if (roll < 0.99)
            {
                var b = people[random.Next(people.Length)];
                if (b != a && !reserved.Contains(b))
                {
                    tx.Add(new GeneratedTransaction(nextId++, a, b, LogNormal(random, 800), time, Channel.Wire, 0, null, -1));
                }
            }
            else
            {
                tx.Add(new GeneratedTransaction(nextId++, a, a, LogNormal(random, 50), time, Channel.Prepaid, 0, null, -1));
            }
        }
        tx.Sort((x, y) => x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Id.CompareTo(y.Id));
        AssignPlaces(seed, list, tx);
        return new GeneratedData(list, tx, patterns, epoch, lists);
    }

    private static string RegionOf(string branch) =>
        Regions[(int.Parse(branch.AsSpan(1, 2), System.Globalization.CultureInfo.InvariantCulture) * 10 + int.Parse(branch.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture)) % Regions.Length];

    /// <summary>
    /// Where each transaction without a planted place happened: a cash transaction at its branch's region, anything
    /// else at the payer's home region, except 3 % of card purchases made while travelling (a random region).
    /// </summary>
    private static void AssignPlaces(int seed, List<GeneratedAccount> accounts, List<GeneratedTransaction> tx)
    {
        var random = new Random(unchecked(seed * 7919 + 3));
        for (var i = 0; i < tx.Count; i++)
        {
            var t = tx[i];
            if (t.Place is not null)
            {
                continue;
            }
            var place = t.Branch is not null ? RegionOf(t.Branch)
                : t.Channel == Channel.Card && random.NextDouble() < 0.03 ? Regions[random.Next(Regions.Length)]
                : RegionOf(accounts[t.Source].Branch);
            tx[i] = t with { Place = place };
        }
    }

    /// <summary>
    /// Business types, background payroll and list members, and the planted patterns of <see cref="ProfileTypologies"/>,
    /// from a random stream of their own. Returns the list files' entries.
    /// </summary>
    private static (Dictionary<string, string[]> Lists, HashSet<int> Reserved) PlantProfilePatterns(int seed, long epoch, List<GeneratedAccount> list, int[] people, Func<int, int[]> fresh,
        ref long nextId, ref int alertId, int perTypology, List<PlantedPattern> patterns, List<GeneratedTransaction> tx, string[] branches, int transactions)
    {
        var random = new Random(unchecked(seed * 31 + 17));
        var id = nextId;
        long Amount(int lo, int hi) => random.NextInt64(lo * 100L, hi * 100L);
        long Jitter() => random.NextInt64(Day);
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.Kind == AccountKind.Business)
            {
                list[i] = a with { BusinessType = a.MerchantCategory != 0 ? a.MerchantCategory.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) : BusinessTypes[random.Next(BusinessTypes.Length)] };
            }
        }
        void Background(int s, int t, long amount, long time, Channel channel, string? type = null, string? branch = null) =>
            tx.Add(new GeneratedTransaction(id++, s, t, amount, time, channel, 0, branch, -1, null, type));

        // Employers: a fifth of the non-merchant businesses pay 1–3 employees monthly (payroll, ACH).
        var employers = people.Where(a => list[a].Kind == AccountKind.Business && random.NextDouble() < 0.2).ToArray();
        var budget = transactions / 25;
        foreach (var employer in employers)
        {
            var staff = Enumerable.Range(0, random.Next(1, 4)).Select(_ => people[random.Next(people.Length)]).Where(p => p != employer).Distinct().ToArray();
            for (var month = 0; month < 12 && budget > 0; month++)
            {
                foreach (var employee in staff)
                {
                    Background(employer, employee, Amount(1_500, 4_000), epoch + (month * 30 + 27) * Day + Jitter(), Channel.Ach, "PAYROLL");
                    budget--;
                }
            }
        }
        // List members: two payment processors, one tagged darknet-market address, two licensed agencies, one unlicensed.
        var processors = fresh(2);
        var darknet = fresh(1);
        var licensed = fresh(2);
        var agencies = new List<int>();
        foreach (var a in processors.Concat(licensed).Concat(darknet))
        {
            list[a] = list[a] with { Kind = AccountKind.Business, BusinessType = licensed.Contains(a) ? "7361" : "payment_processor" };
        }
        // Near misses in the background: occasional single processor payments and fees to licensed agencies.
        // A fixed few a year (not a share of the accounts): many more would make each processor a fan-in hub.
        for (var i = 0; i < 20; i++)
        {
            var p = people[random.Next(people.Length)];
            Background(p, processors[random.Next(2)], Amount(20, 300), epoch + random.Next(Days) * Day + Jitter(), Channel.Transfer);
            Background(people[random.Next(people.Length)], licensed[random.Next(2)], Amount(100, 800), epoch + random.Next(Days) * Day + Jitter(), Channel.Transfer);
        }

        for (var k = 0; k < perTypology; k++)
        {
            foreach (var typology in ProfileTypologies)
            {
                var start = epoch + random.Next(Days - 60) * Day;
                var members = typology switch
                {
                    "many_payrolls" => fresh(random.Next(4, 6)),
                    "unlicensed_agency" => fresh(2),
                    _ => fresh(1),
                };
                var p = new PlantedPattern(++alertId, typology, members, []);
                patterns.Add(p);
                void Add(int s, int t, long amount, long time, Channel channel, string? place = null, string? type = null, string? branch = null)
                {
                    p.Transactions.Add(id);
                    tx.Add(new GeneratedTransaction(id++, s, t, amount, time, channel, 0, branch, p.AlertId, place, type));
                }
                var a = members[0];
                var home = list[a].Branch;
                switch (typology)
                {
                    case "funnel_region":
                        for (var round = 0; round < 3; round++)
                        {
                            var t0 = start + round * 10 * Day + Jitter();
                            var amount = Amount(800, 3_000);
                            var away = branches.Where(b => RegionOf(b) != RegionOf(home)).ToArray();
                            var far = away[random.Next(away.Length)];
                            Add(a, a, amount, t0, Channel.CashIn, RegionOf(home), branch: home);
                            Add(a, a, amount * random.Next(85, 100) / 100, t0 + random.Next(6, 40) * 3600L, Channel.CashOut, RegionOf(far), branch: far);
                        }
                        break;
                    case "geo_hopping":
                        {
                            var regions = Regions.OrderBy(_ => random.Next()).Take(random.Next(3, 6)).ToArray();
                            foreach (var region in regions)
                            {
                                var at = branches.First(b => RegionOf(b) == region);
                                Add(a, a, Amount(100, 600), start + random.Next(5) * Day + Jitter(), Channel.CashOut, region, branch: at);
                            }
                            break;
                        }
                    case "many_payrolls":
                        for (var i = 1; i < members.Length; i++)
                        {
                            list[members[i]] = list[members[i]] with { Kind = AccountKind.Business, BusinessType = BusinessTypes[random.Next(BusinessTypes.Length)] };
                            Add(members[i], a, Amount(1_500, 4_000), start + random.Next(25) * Day + Jitter(), Channel.Ach, type: "PAYROLL");
                        }
                        break;
                    case "business_no_payroll":
                        {
                            list[a] = list[a] with { Kind = AccountKind.Business, BusinessType = random.Next(2) == 0 ? "nail_salon" : "7297" };
                            long total = 0;
                            for (var day = 0; total < 55_000 * 100L; day += random.Next(2, 5))
                            {
                                var amount = Amount(1_500, 3_500);
                                total += amount;
                                Add(a, a, amount, epoch + (start - epoch) % (60 * Day) + day * Day + Jitter(), Channel.CashIn, branch: home);
                            }
                            break;
                        }
                    case "processor":
                        for (var i = random.Next(3, 6); i > 0; i--)
                        {
                            Add(a, processors[random.Next(2)], Amount(50, 900), start + random.Next(20) * Day + Jitter(), Channel.Transfer);
                        }
                        break;
                    case "tagged_address":
                        for (var i = random.Next(1, 3); i > 0; i--)
                        {
                            Add(a, darknet[0], Amount(50, 900), start + random.Next(20) * Day + Jitter(), Channel.Crypto);
                        }
                        break;
                    case "unlicensed_agency":
                        list[members[1]] = list[members[1]] with { Kind = AccountKind.Business, BusinessType = "7361" };
                        agencies.Add(members[1]);
                        Add(a, members[1], Amount(300, 2_000), start + Jitter(), Channel.Transfer);
                        break;
                }
            }
        }
        nextId = id;
        return (new Dictionary<string, string[]>
        {
            [ProcessorList] = [.. processors.Select(x => list[x].Id)],
            [TaggedList] = [.. darknet.Select(x => list[x].Id)],
            [AgencyRegister] = [.. licensed.Select(x => list[x].Id)],
        }, [.. processors, .. darknet, .. licensed, .. agencies]);
    }

    private static readonly string[] Schedules = ["Mo-Fr 09:00-18:00; Sa 09:00-13:00", "Mo-Sa 10:00-20:00", "Mo-Fr 08:00-12:00,13:00-17:00"];
    private static readonly string?[] Zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", null];

    /// <summary>
    /// R10 and R12 patterns and their decoys. R10: an account buys 2–4 air or bus tickets within 20 days for travellers
    /// who hold no account here (mostly one-way); decoys buy 2–4 return tickets for their own holder, or one ticket for
    /// someone else. R12: a business with declared opening hours and a time zone makes 8–12 cash deposits of which about
    /// 60 % fall outside the hours (evenings, early mornings, Sundays, in its local time), or makes its deposits within the
    /// hours and one 6–10 times its usual size outside them; the decoy deposits only within its hours. Returns the ticket
    /// sellers (kept out of background traffic).
    /// </summary>
    private static int[] PlantTravelAndHours(int seed, long epoch, List<GeneratedAccount> list, Func<int, int[]> fresh, ref long nextId, ref int alertId, int rounds,
        List<PlantedPattern> patterns, List<GeneratedTransaction> tx)
    {
        var random = new Random(unchecked(seed * 53 + 29));
        var id = nextId;
        var sellers = fresh(2);
        list[sellers[0]] = list[sellers[0]] with { Kind = AccountKind.Business, BusinessType = "4511", MerchantCategory = 4511 };
        list[sellers[1]] = list[sellers[1]] with { Kind = AccountKind.Business, BusinessType = "4131", MerchantCategory = 4131 };
        short[] airline = [4511, 3058, 3246, 4722];
        var traveller = 0;
        long Amount(int lo, int hi) => random.NextInt64(lo * 100L, hi * 100L);
        void Ticket(PlantedPattern? p, int payer, long time, int passenger, string trip)
        {
            var bus = random.Next(3) == 0;
            var mcc = bus ? (short)4131 : airline[random.Next(airline.Length)];
            p?.Transactions.Add(id);
            tx.Add(new GeneratedTransaction(id++, payer, sellers[bus ? 1 : 0], Amount(40, 600), time, Channel.Card, mcc, null, p?.AlertId ?? -1, Passenger: passenger, Trip: trip));
        }
        // A deposit at a local wall-clock time of the account's zone (never 02:00–03:59, where clocks change).
        long Local(GeneratedAccount a, int day, int hour)
        {
            var date = DateTimeOffset.FromUnixTimeSeconds(epoch + day * Day).UtcDateTime.Date.AddHours(hour).AddMinutes(random.Next(60));
            var zone = a.TimeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(a.TimeZone);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date, DateTimeKind.Unspecified), zone)).ToUnixTimeSeconds();
        }
        int Weekday(int day) => (int)DateTimeOffset.FromUnixTimeSeconds(epoch + day * Day).DayOfWeek;
        // Within all three schedules: Monday to Friday, 10:00–11:59 or 14:00–16:59.
        long Inside(GeneratedAccount a, int from)
        {
            var day = from + random.Next(40);
            while (Weekday(day) is 0 or 6)
            {
                day++;
            }
            return Local(a, day, random.Next(2) == 0 ? 10 + random.Next(2) : 14 + random.Next(3));
        }
        // Outside all three: a Sunday (04:00–19:59), or an evening (21:00–23:59) or early morning (05:00–06:59).
        long Outside(GeneratedAccount a, int from)
        {
            var day = from + random.Next(40);
            if (random.Next(3) == 0)
            {
                while (Weekday(day) != 0)
                {
                    day++;
                }
                return Local(a, day, 4 + random.Next(16));
            }
            return Local(a, day, random.Next(2) == 0 ? 21 + random.Next(3) : 5 + random.Next(2));
        }
        for (var k = 0; k < rounds; k++)
        {
            var members = fresh(6);
            var start = random.Next(Days - 70);
            var at = epoch + start * Day;

            var travel = new PlantedPattern(++alertId, "third_party_travel", [members[0]], []);
            patterns.Add(travel);
            var travellers = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Traveller(traveller++)).ToArray();
            for (var i = random.Next(2, 5); i > 0; i--)
            {
                Ticket(travel, members[0], at + random.Next(20) * Day + random.NextInt64(Day), travellers[random.Next(travellers.Length)], random.NextDouble() < 0.7 ? "one-way" : "return");
            }
            // Decoys: the holder's own trips; one ticket for someone else.
            for (var i = random.Next(2, 5); i > 0; i--)
            {
                Ticket(null, members[1], at + random.Next(20) * Day + random.NextInt64(Day), members[1], "return");
            }
            Ticket(null, members[2], at + random.Next(20) * Day + random.NextInt64(Day), Traveller(traveller++), "one-way");

            for (var j = 3; j < 6; j++)
            {
                var a = members[j];
                list[a] = list[a] with
                {
                    Kind = AccountKind.Business,
                    BusinessType = "retail",
                    OpeningHours = Schedules[random.Next(Schedules.Length)],
                    TimeZone = Zones[random.Next(Zones.Length)],
                };
            }
            var share = new PlantedPattern(++alertId, "out_of_hours_cash", [members[3]], []);
            var large = new PlantedPattern(++alertId, "out_of_hours_cash", [members[4]], []);
            patterns.Add(share);
            patterns.Add(large);
            void Deposit(PlantedPattern? p, int account, long time, long amount)
            {
                p?.Transactions.Add(id);
                tx.Add(new GeneratedTransaction(id++, account, account, amount, time, Channel.CashIn, 0, list[account].Branch, p?.AlertId ?? -1));
            }
            for (var i = random.Next(8, 13); i > 0; i--)
            {
                var a = list[members[3]];
                Deposit(share, members[3], random.NextDouble() < 0.6 ? Outside(a, start) : Inside(a, start), Amount(300, 1_500));
            }
            var usual = new List<long>();
            for (var i = random.Next(8, 13); i > 0; i--)
            {
                var amount = Amount(300, 1_000);
                usual.Add(amount);
                Deposit(large, members[4], Inside(list[members[4]], start), amount);
            }
            Deposit(large, members[4], Outside(list[members[4]], start), usual.Order().ElementAt(usual.Count / 2) * random.Next(6, 11));
            for (var i = random.Next(8, 13); i > 0; i--)
            {
                Deposit(null, members[5], Inside(list[members[5]], start), Amount(300, 1_500));
            }
        }
        nextId = id;
        return sellers;
    }

    /// <summary>Minor units, log-normal around a median of <paramref name="median"/> major units (σ 0.8), at least 1.00.</summary>
    private static long LogNormal(Random random, double median)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(100, (long)Math.Round(median * Math.Exp(0.8 * z) * 100));
    }

    private static short Pick(Random random, (short Mcc, int Weight)[] weighted)
    {
        var roll = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (mcc, weight) in weighted)
        {
            if ((roll -= weight) < 0)
            {
                return mcc;
            }
        }
        return weighted[^1].Mcc;
    }
}

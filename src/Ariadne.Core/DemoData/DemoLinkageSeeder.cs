using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The record-linkage demo (issue 16), written after the generated cases:
/// <list type="number">
/// <item><b>Duplicates in the demo NGO</b>: a handful of persons the NGO entered twice, with the variations registries
/// really hold — a typing error, a name once in Latin and once in Cyrillic or Greek script, day and month swapped, a
/// date of birth missing — and one pair of two different women with similar names, so that the coordinator's duplicate
/// run (<c>/Duplicates</c>, <c>ariadne duplicates run</c>) finds certain pairs, uncertain pairs to review and one to reject.</item>
/// <item><b>Three linkage agencies</b> (<see cref="Organisations"/>: a police unit, an NGO and a shelter, each with a
/// coordinator in <see cref="Users"/>) whose cases come from one synthetic population of <see cref="PopulationSize"/>
/// human beings: each agency met each human with its own probability, so some humans are on all three lists, some on
/// two and most on one, and about a quarter were never met (what the estimate of the undetected should find). Each
/// agency's record varies a little (a typing error in the family name, only the year of birth, day and month swapped,
/// the name in Cyrillic script). Encode at each agency, match as the analyst, import at each agency: the statistics
/// count each human once and the multiple systems estimate has overlaps to work with.</item>
/// </list>
/// Deterministic (fixed seed, dates counted from the injected clock) and fast (about 200 cases). Runs once: skipped when
/// one of the linkage agencies already holds a case. The agencies hold only these cases, so that the estimate's lists
/// are not swamped by the generated cases of the other demo organisations. Only invented people.
/// </summary>
public sealed class DemoLinkageSeeder(AppDbContext db, AccountBootstrap bootstrap, CodeListRegistry codes, TimeProvider time, IdentityVault vault)
{
    /// <summary>The seed of the population and the variations.</summary>
    public const int Seed = 1616;

    /// <summary>How many human beings the three agencies could have met (about three quarters were met by at least one).</summary>
    public const int PopulationSize = 150;

    public static readonly DemoOrganisation Police = new("Northbridge Police, Human Trafficking Unit (linkage demo)", "police", OwnsCases: true);
    public static readonly DemoOrganisation Ngo = new("Open Door Outreach (linkage demo NGO)", "ngo", OwnsCases: true);
    public static readonly DemoOrganisation Shelter = new("Riverside Women's Shelter (linkage demo)", "shelter", OwnsCases: true);

    /// <summary>The three linkage agencies, in list order (police, NGO, shelter).</summary>
    public static readonly IReadOnlyList<DemoOrganisation> Organisations = [Police, Ngo, Shelter];

    /// <summary>One coordinator per linkage agency: they encode their agency's persons and import the operator's result. Published passwords.</summary>
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("demo-linkage-police", "linkage-police-demo-pass", Roles.Coordinator, Police),
        new("demo-linkage-ngo", "linkage-ngo-demo-pass", Roles.Coordinator, Ngo),
        new("demo-linkage-shelter", "linkage-shelter-demo-pass", Roles.Coordinator, Shelter),
    ];

    /// <summary>The chance that each agency met a human of the population (police, NGO, shelter).</summary>
    private static readonly double[] Capture = [0.40, 0.45, 0.35];

    /// <summary>A human of the linkage population: names in Latin script (and Cyrillic, when that is how the name is also written), and which agencies met them.</summary>
    internal sealed record Human(int Index, string GivenName, string FamilyName, string? CyrillicGiven, string? CyrillicFamily, string Sex,
        DateOnly DateOfBirth, string Citizenship, string Form, bool[] MetBy);

    /// <summary>A duplicate pair of the demo NGO: two records of one person (or, for <paramref name="SamePerson"/> false, of two).</summary>
    /// <param name="Variation">What differs, in words.</param>
    /// <param name="First">The first record.</param>
    /// <param name="Second">The second record, entered later.</param>
    /// <param name="Certain">Whether the run should find the pair certain (one detail differs) rather than leave it for review.</param>
    /// <param name="SamePerson">False for the pair of two different people with similar names (to be rejected).</param>
    internal sealed record DuplicateDemo(string Variation, PersonRecord First, PersonRecord Second, bool Certain, bool SamePerson = true);

    internal sealed record PersonRecord(string Given, string Family, string Sex, DateOnly? DateOfBirth, int? YearOfBirth, string? Citizenship,
        string? DocumentNumber = null, string? Phone = null);

    /// <summary>The NGO's duplicates: the certain ones differ in one detail, the uncertain ones in more; the last pair is two people.</summary>
    internal static readonly IReadOnlyList<DuplicateDemo> Duplicates =
    [
        new("typing error", new("Mihaela", "Popescu", "female", new(1996, 5, 14), null, "RO", Phone: "+40 721 555 014"),
            new("Mihaela", "Popesku", "female", new(1996, 5, 14), null, "RO", Phone: "+40 721 555 014"), Certain: true),
        new("Latin and Cyrillic script", new("Olena", "Kovalenko", "female", new(1993, 11, 2), null, "UA"),
            new("Олена", "Коваленко", "female", new(1993, 11, 2), null, "UA"), Certain: true),
        new("Latin and Greek script", new("Eleni", "Papadopoulou", "female", new(1990, 1, 25), null, "GR"),
            new("Ελένη", "Παπαδοπούλου", "female", new(1990, 1, 25), null, "GR"), Certain: true),
        new("day and month swapped", new("Aminata", "Diallo", "female", new(1999, 3, 7), null, "SN", DocumentNumber: "A4471902"),
            new("Aminata", "Diallo", "female", new(1999, 7, 3), null, "SN", DocumentNumber: "A4471902"), Certain: true),
        new("date of birth missing", new("Thi Lan", "Nguyen", "female", new(2001, 8, 21), null, "VN", DocumentNumber: "C7719023"),
            new("Thi Lan", "Nguyen", "female", null, 2001, "VN", DocumentNumber: "C7719023"), Certain: true),
        new("transliteration, only the year, no citizenship", new("Yuliya", "Morozova", "female", new(1997, 9, 30), null, "UA"),
            new("Юлия", "Морозова", "female", null, 1997, null), Certain: false),
        new("only the year of birth, no citizenship", new("Precious", "Okonkwo", "female", new(1998, 6, 19), null, "NG"),
            new("Precious", "Okonkwo", "female", null, 1998, null), Certain: false),
        new("two women, similar names", new("Maria", "Ivanova", "female", new(1985, 4, 2), null, "BG"),
            new("Mariya", "Ivanova", "female", new(1987, 10, 12), null, "UA"), Certain: false, SamePerson: false),
    ];

    private sealed record Origin(string Citizenship, string[] Female, string[] Male, string[] Family, bool Cyrillic = false);

    // Invented combinations of common first and family names; pairs (Latin|Cyrillic) where a name is also written in
    // Cyrillic, the Latin one being its passport (ICAO) transliteration.
    private static readonly Origin[] Origins =
    [
        new("NG", ["Blessing", "Chioma", "Ngozi", "Joy", "Esther", "Adaeze", "Folake", "Osasere"], ["Emeka", "Osas", "Tunde", "Chinedu"],
            ["Okafor", "Eze", "Adeyemi", "Obi", "Osagie", "Igbinedion", "Nwosu", "Ogunleye", "Ehigie", "Uwadiae"]),
        new("RO", ["Ioana", "Andreea", "Elena", "Alina", "Roxana", "Daniela", "Florentina"], ["Florin", "Ionut", "Marius", "Catalin"],
            ["Ionescu", "Dumitrescu", "Stan", "Constantin", "Munteanu", "Dobre", "Lazar", "Marin", "Radu", "Tudose"]),
        new("UA", ["Iryna|Ирина", "Tatiana|Татьяна", "Natalia|Наталья", "Olga|Ольга", "Svetlana|Светлана", "Anastasiia|Анастасия"],
            ["Andrii|Андрій", "Dmitrii|Дмитрий", "Sergei|Сергей"],
            ["Bondarenko|Бондаренко", "Tkachenko|Ткаченко", "Shevchenko|Шевченко", "Kravchenko|Кравченко", "Lysenko|Лысенко", "Marchenko|Марченко",
                "Rudenko|Руденко", "Savchenko|Савченко"], Cyrillic: true),
        new("VN", ["Thi Hoa", "Thi Mai", "Thi Huong", "Thi Thu", "Ngoc Anh"], ["Van Minh", "Van Hung", "Duc Anh"],
            ["Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do"]),
        new("TH", ["Siriporn", "Nanthana", "Kanya", "Ratana", "Malee"], ["Somchai", "Anan"],
            ["Srisuk", "Chaiyaporn", "Wongsakul", "Boonmee", "Rattanakorn", "Sukprasert"]),
        new("BR", ["Ana Paula", "Juliana", "Fernanda", "Camila", "Leticia"], ["Rafael", "Lucas"],
            ["Silva", "Santos", "Oliveira", "Souza", "Almeida", "Costa", "Barbosa"]),
        new("MA", ["Fatima", "Khadija", "Salma", "Nadia", "Samira"], ["Youssef", "Hamza"],
            ["El Amrani", "Benali", "Idrissi", "Tazi", "Bennani", "Alaoui", "Chraibi"]),
    ];

    private static readonly string[] Forms = ["sexual-exploitation", "sexual-exploitation", "forced-labour", "forced-labour", "domestic-servitude", "forced-criminal-activity"];

    /// <summary>Writes the demo NGO's duplicates and the linkage agencies with their coordinators and cases, unless a linkage agency already holds a case.</summary>
    /// <param name="organisations">The demo organisations by name (<see cref="DemoDataSeeder.EnsureOrganisationsAndUsersAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored then.</param>
    /// <exception cref="InvalidOperationException">A demo case does not validate (a bug in this class).</exception>
    public async Task SeedAsync(IReadOnlyDictionary<string, Organisation> organisations, CancellationToken cancellationToken)
    {
        var agencies = new List<Organisation>();
        foreach (var demo in Organisations)
        {
            agencies.Add(await bootstrap.EnsureOrganisationAsync(demo.Name, demo.Type, "DE", cancellationToken));
        }
        foreach (var user in Users)
        {
            var normalised = user.UserName.ToUpperInvariant();
            if (!await db.Users.AnyAsync(u => u.NormalizedUserName == normalised, cancellationToken))
            {
                await bootstrap.AddUserAsync(user.UserName, user.Password, agencies[Organisations.ToList().IndexOf(user.Organisation)].Id, [user.Role],
                    mustChangePassword: false, cancellationToken);
            }
        }
        var agencyIds = agencies.Select(a => a.Id).ToList();
        if (await db.Cases.AnyAsync(c => agencyIds.Contains(c.OrganisationId), cancellationToken)
            || !organisations.TryGetValue(DemoOrganisations.Ngo.Name, out var ngo))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var random = new Random(Seed);
        var taken = (await db.Cases.Select(c => c.CaseCode).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var cases = new List<Case>();
        void Add(CaseInput input, Guid organisationId)
        {
            var errors = CaseRules.Validate(input, codes, today);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Linkage demo case {cases.Count} is invalid: {string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
            }
            var created = input.IdentificationDate!.Value.ToDateTime(new TimeOnly(9 + cases.Count % 8, cases.Count * 7 % 60), DateTimeKind.Utc);
            var entity = CaseService.NewCase(input, organisationId, created < now ? created : now, vault);
            while (!taken.Add(entity.CaseCode))
            {
                entity.CaseCode = CaseCodes.New(random.Next);
            }
            cases.Add(entity);
        }

        foreach (var (pair, i) in Duplicates.Select((d, i) => (d, i)))
        {
            // The second record was entered months after the first, by someone who did not find the first.
            var first = today.AddDays(-400 - 37 * i);
            Add(Input(pair.First, first, "ngo", Forms[i % Forms.Length], random), ngo.Id);
            Add(Input(pair.Second, first.AddDays(90 + 11 * i), "ngo", Forms[i % Forms.Length], random), ngo.Id);
        }
        foreach (var human in Population())
        {
            for (var a = 0; a < agencies.Count; a++)
            {
                if (human.MetBy[a])
                {
                    Add(Input(Varied(human, a, random), today.AddDays(-random.Next(20, 700)), Organisations[a].Type, human.Form, random), agencies[a].Id);
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Cases.AddRange(cases);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The linkage population, the same on every call: <see cref="PopulationSize"/> humans with distinct name pairs (two
    /// humans with the same names would be one for any linkage on names), and the agencies that met each.
    /// </summary>
    internal static IReadOnlyList<Human> Population()
    {
        var random = new Random(Seed + 1);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var humans = new List<Human>(PopulationSize);
        while (humans.Count < PopulationSize)
        {
            var origin = Origins[random.Next(Origins.Length)];
            var female = random.NextDouble() < 0.75;
            var given = (female ? origin.Female : origin.Male)[random.Next(female ? origin.Female.Length : origin.Male.Length)].Split('|');
            var family = origin.Family[random.Next(origin.Family.Length)].Split('|');
            if (origin.Cyrillic && female && family[0].EndsWith("enko", StringComparison.Ordinal) && random.Next(3) == 0)
            {
                // Not every Ukrainian family name ends in -enko.
                family = ["Melnyk", "Мельник"];
            }
            var dateOfBirth = new DateOnly(1972 + random.Next(0, 34), 1 + random.Next(12), 1 + random.Next(28));
            var metBy = Capture.Select(p => random.NextDouble() < p).ToArray();
            var form = Forms[random.Next(Forms.Length)];
            if (!used.Add(given[0] + " " + family[0]))
            {
                continue;
            }
            humans.Add(new Human(humans.Count, given[0], family[0], given.ElementAtOrDefault(1), family.ElementAtOrDefault(1), female ? "female" : "male",
                dateOfBirth, origin.Citizenship, form, metBy));
        }
        return humans;
    }

    /// <summary>How agency <paramref name="agency"/> wrote the human down: mostly exactly, sometimes with one of the usual variations.</summary>
    private static PersonRecord Varied(Human human, int agency, Random random)
    {
        var record = new PersonRecord(human.GivenName, human.FamilyName, human.Sex, human.DateOfBirth, null, human.Citizenship);
        if (agency == 2 && human.CyrillicGiven is not null && random.Next(2) == 0)
        {
            // The shelter copies names from the documents the person brings, in their script.
            record = record with { Given = human.CyrillicGiven, Family = human.CyrillicFamily! };
        }
        var variation = random.NextDouble();
        return variation switch
        {
            < 0.10 => record with { Family = Typo(record.Family, random) },
            < 0.18 => record with { DateOfBirth = null, YearOfBirth = human.DateOfBirth.Year },
            < 0.22 when human.DateOfBirth.Day <= 12 && human.DateOfBirth.Day != human.DateOfBirth.Month =>
                record with { DateOfBirth = new DateOnly(human.DateOfBirth.Year, human.DateOfBirth.Day, human.DateOfBirth.Month) },
            _ => record,
        };
    }

    /// <summary>One typing error inside the name (two neighbouring letters swapped, or one left out); the first letter stays.</summary>
    private static string Typo(string name, Random random)
    {
        if (name.Length < 5)
        {
            return name + name[^1];
        }
        var at = 1 + random.Next(name.Length - 3);
        if (!char.IsLetter(name[at]) || !char.IsLetter(name[at + 1]))
        {
            return name.Remove(at + 1, 1);
        }
        return random.Next(2) == 0 ? name.Remove(at, 1) : string.Concat(name.AsSpan(0, at), name.AsSpan(at + 1, 1), name.AsSpan(at, 1), name.AsSpan(at + 2));
    }

    private static CaseInput Input(PersonRecord person, DateOnly identified, string detectedBy, string form, Random random) => new()
    {
        Status = random.Next(3) == 0 ? "closed" : "active",
        GivenName = person.Given,
        FamilyName = person.Family,
        Sex = person.Sex,
        DateOfBirth = person.DateOfBirth,
        YearOfBirth = person.YearOfBirth,
        DocumentType = person.DocumentNumber is null ? null : "passport",
        DocumentNumber = person.DocumentNumber,
        Phone = person.Phone,
        Citizenships = person.Citizenship is null ? [] : [person.Citizenship],
        IdentificationDate = identified,
        TraffickingStatus = "possible",
        DetectingOrganisationType = detectedBy,
        CountryOfExploitation = "DE",
        ExploitationForms = [form],
    };
}

namespace Ariadne.Analytics.Finance;

/// <summary>How money moved. Cash deposits and withdrawals are self-transactions (source = target = the account).</summary>
public enum Channel : byte
{
    Unknown,
    Transfer,
    Wire,
    Ach,
    Cash,
    CashIn,
    CashOut,
    Card,
    Cheque,
    P2p,
    Crypto,
    Prepaid,
    Reinvestment,
}

/// <summary>The kind of an account holder, when the accounts file says it.</summary>
public enum AccountKind : byte
{
    Unknown,
    Individual,
    Business,
}

/// <summary>
/// Transactions in columnar form: accounts interned to dense ids 0..AccountCount−1, one parallel array per field,
/// ordered by time (stable: ties keep file order). Amounts are <c>long</c> minor units (hundredths): exact sums and
/// comparisons against thresholds, 8 bytes against 16 for <c>decimal</c>, and ±92 quadrillion units of headroom;
/// sub-cent digits (IBM data has some) are rounded half away from zero on reading. Times are Unix seconds.
/// About 34 bytes a transaction (≈ 340 MB for 10 million) plus 8 for the two adjacency indices.
/// The arrays are exposed for speed; callers must not change them.
/// </summary>
public sealed class TransactionStore
{
    internal TransactionStore(string[] accounts, AccountKind[] kinds, short[] accountCountry, string[] countries, long[] ids, int[] source, int[] target,
        long[] amount, long[] time, Channel[] channel, short[] currency, string[] currencies, short[] merchantCategory, int[] branch, string[] branches, short[] country,
        int[] place, string[] places, short[] txKind, string[] txKinds, byte[] flags, short[] businessType, string[] businessTypes,
        int[] passenger, string[] nameKeys, int[] holderOffsets, int[] holders, short[] accountHours, OpeningHours?[] schedules, short[] accountTimeZone, string[] timeZones)
    {
        Passenger = passenger;
        NameKeys = nameKeys;
        HolderOffsets = holderOffsets;
        Holders = holders;
        AccountOpeningHours = accountHours;
        Schedules = schedules;
        AccountTimeZone = accountTimeZone;
        TimeZones = timeZones;
        Place = place;
        Places = places;
        Kind = txKind;
        Kinds = txKinds;
        Flags = flags;
        AccountBusinessType = businessType;
        BusinessTypes = businessTypes;
        Accounts = accounts;
        AccountKinds = kinds;
        AccountCountry = accountCountry;
        Countries = countries;
        Ids = ids;
        Source = source;
        Target = target;
        Amount = amount;
        Time = time;
        Channel = channel;
        Currency = currency;
        Currencies = currencies;
        MerchantCategory = merchantCategory;
        Branch = branch;
        Branches = branches;
        Country = country;
    }

    /// <summary>External account identifier by dense id.</summary>
    public string[] Accounts { get; }
    public AccountKind[] AccountKinds { get; }
    /// <summary>Index into <see cref="Countries"/> (0: unknown) of each account's country, from the accounts file.</summary>
    public short[] AccountCountry { get; }
    /// <summary>Interned ISO country codes; entry 0 is the empty string (unknown).</summary>
    public string[] Countries { get; }
    /// <summary>The transaction identifier of the file, or the data row number (first data row 1) where the layout has none.</summary>
    public long[] Ids { get; }
    public int[] Source { get; }
    public int[] Target { get; }
    /// <summary>Minor units (hundredths) in the transaction's currency.</summary>
    public long[] Amount { get; }
    /// <summary>Unix seconds, ascending.</summary>
    public long[] Time { get; }
    public Channel[] Channel { get; }
    /// <summary>Index into <see cref="Currencies"/> (0: unknown).</summary>
    public short[] Currency { get; }
    public string[] Currencies { get; }
    /// <summary>ISO 18245 merchant category code, 0 when none.</summary>
    public short[] MerchantCategory { get; }
    /// <summary>Index into <see cref="Branches"/> (0: unknown) of the branch or ATM of a cash transaction.</summary>
    public int[] Branch { get; }
    public string[] Branches { get; }
    /// <summary>Index into <see cref="Countries"/> of the counterparty's country when the row gives it, else the target account's.</summary>
    public short[] Country { get; }

    /// <summary>
    /// Index into <see cref="Places"/> (0: unknown) of where the transaction happened: the optional <c>region</c> and
    /// <c>city</c> columns joined as "region/city" (either alone when only one is given). Rules R3 and R18 compare
    /// places for equality only (no distances).
    /// </summary>
    public int[] Place { get; }
    public string[] Places { get; }
    /// <summary>
    /// Index into <see cref="Kinds"/> (0: unknown) of the file's own transaction type text, upper case (AMLSim
    /// <c>tx_type</c>, the generic <c>channel</c> column, or the generic <c>purpose</c> column when mapped and filled):
    /// "PAYROLL", "SALARY" … which the channel enum does not keep apart (R5, R11 payroll tagging).
    /// </summary>
    public short[] Kind { get; }
    public string[] Kinds { get; }
    /// <summary>Per-transaction bits (<see cref="TransactionFlags"/>).</summary>
    public byte[] Flags { get; }
    /// <summary>Index into <see cref="BusinessTypes"/> (0: unknown) of each account's business type or MCC from the accounts file, upper case (R11, R17).</summary>
    public short[] AccountBusinessType { get; }
    public string[] BusinessTypes { get; }

    /// <summary>
    /// Index into <see cref="NameKeys"/> (0: none) of the passenger of a ticket purchase (rule R10): the optional
    /// <c>passenger</c> column reduced on reading to an opaque keyed hash of the normalised name — never the name.
    /// Empty (length 0) when no row names a passenger, so files without the column cost nothing.
    /// </summary>
    public int[] Passenger { get; }
    /// <summary>
    /// Opaque name keys (entry 0 is the empty string): the blind index of a normalised name, hex, as the reader's key
    /// function made it. Passengers and holders share this space, so a ticket is the holder's own when the keys are equal.
    /// </summary>
    public string[] NameKeys { get; }
    /// <summary>
    /// The account holders' name keys in compressed-sparse-row form: account a's are
    /// <c>Holders[HolderOffsets[a]..HolderOffsets[a+1]]</c> (indexes into <see cref="NameKeys"/>; an account may have
    /// several parties). Both empty when no parties were given.
    /// </summary>
    public int[] HolderOffsets { get; }
    public int[] Holders { get; }
    /// <summary>Index into <see cref="Schedules"/> (0: none declared) of each account's opening hours (rule R12).</summary>
    public short[] AccountOpeningHours { get; }
    /// <summary>Distinct declared opening hours; entry 0 is null (none).</summary>
    public OpeningHours?[] Schedules { get; }
    /// <summary>Index into <see cref="TimeZones"/> (0: none, the rule's default) of each account's IANA time zone.</summary>
    public short[] AccountTimeZone { get; }
    public string[] TimeZones { get; }

    /// <summary>Whether <paramref name="nameKey"/> is the name key of one of <paramref name="account"/>'s holders.</summary>
    public bool IsHolder(int account, int nameKey)
    {
        if (HolderOffsets.Length == 0)
        {
            return false;
        }
        for (var i = HolderOffsets[account]; i < HolderOffsets[account + 1]; i++)
        {
            if (Holders[i] == nameKey)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="account"/> has at least one holder with a name key.</summary>
    public bool HasHolder(int account) => HolderOffsets.Length > 0 && HolderOffsets[account + 1] > HolderOffsets[account];

    public int AccountCount => Accounts.Length;
    public int Count => Source.Length;
}

/// <summary>Bits of <see cref="TransactionStore.Flags"/>.</summary>
public static class TransactionFlags
{
    /// <summary>The row names an ultimate beneficiary (the generic layout's optional <c>beneficiary</c> column is filled); R14 counts processor payments without it.</summary>
    public const byte HasBeneficiary = 1;
    /// <summary>A ticket for a one-way trip (optional <c>trip</c> column); R10 weighs these more.</summary>
    public const byte OneWay = 2;
    /// <summary>A ticket for a return trip (optional <c>trip</c> column).</summary>
    public const byte Return = 4;
}

/// <summary>Accumulates rows in file order, then sorts them by time once. Not thread-safe.</summary>
public sealed class TransactionStoreBuilder
{
    private readonly Dictionary<string, int> _accountIds = new(StringComparer.Ordinal);
    private readonly List<string> _accounts = [];
    private readonly List<AccountKind> _kinds = [];
    private readonly List<short> _accountCountry = [];
    private readonly Interner _countries = new();
    private readonly Interner _currencies = new();
    private readonly Interner _branches = new();
    private readonly Interner _places = new();
    private readonly Interner _txKinds = new();
    private readonly Interner _businessTypes = new();
    private readonly List<short> _businessType = [];
    private readonly Interner _nameKeys = new();
    private readonly List<(string Account, int Key)> _holders = [];
    private readonly List<short> _accountHours = [];
    private readonly List<OpeningHours?> _schedules = [null];
    private readonly Dictionary<string, short> _scheduleIds = new(StringComparer.Ordinal);
    private readonly Interner _timeZones = new();
    private readonly List<short> _accountTimeZone = [];
    // Allocated at the first row that names a passenger: files without the column pay nothing for it.
    private int[]? _passenger;
    private long[] _ids;
    private int[] _source;
    private int[] _target;
    private long[] _amount;
    private long[] _time;
    private Channel[] _channel;
    private short[] _currency;
    private short[] _mcc;
    private int[] _branch;
    private short[] _country;
    private int[] _place;
    private short[] _txKind;
    private byte[] _flags;
    private int _count;

    /// <param name="expectedTransactions">
    /// How many rows are coming, when known (the lines of the file, the dataset's count): the columns are made that size
    /// at once instead of doubling, so a 10-million-row store does not pass through 16 million-row arrays and their copies
    /// (the peak memory of a read). More rows than expected still grow; fewer are trimmed.
    /// </param>
    public TransactionStoreBuilder(int expectedTransactions = 1024)
    {
        var capacity = Math.Max(1, expectedTransactions);
        _ids = new long[capacity];
        _source = new int[capacity];
        _target = new int[capacity];
        _amount = new long[capacity];
        _time = new long[capacity];
        _channel = new Channel[capacity];
        _currency = new short[capacity];
        _mcc = new short[capacity];
        _branch = new int[capacity];
        _country = new short[capacity];
        _place = new int[capacity];
        _txKind = new short[capacity];
        _flags = new byte[capacity];
    }

    public int Count => _count;

    /// <summary>The dense id of <paramref name="account"/>, adding it on first sight.</summary>
    public int Account(string account)
    {
        if (_accountIds.TryGetValue(account, out var id))
        {
            return id;
        }
        id = _accounts.Count;
        _accountIds.Add(account, id);
        _accounts.Add(account);
        _kinds.Add(AccountKind.Unknown);
        _accountCountry.Add(0);
        _businessType.Add(0);
        _accountHours.Add(0);
        _accountTimeZone.Add(0);
        return id;
    }

    /// <summary>Records what the accounts file says about an account (adding it: an account without transactions is still reported).</summary>
    public void DescribeAccount(string account, AccountKind kind, string? country, string? businessType = null)
    {
        var id = Account(account);
        _kinds[id] = kind;
        _accountCountry[id] = (short)_countries.Intern(country);
        _businessType[id] = (short)_businessTypes.Intern(businessType?.ToUpperInvariant());
    }

    /// <summary>Records a business's declared opening hours and IANA time zone (rule R12; either may be null).</summary>
    public void DescribeOpeningHours(string account, OpeningHours? hours, string? timeZone)
    {
        var id = Account(account);
        if (hours is not null)
        {
            if (!_scheduleIds.TryGetValue(hours.Text, out var schedule))
            {
                schedule = (short)_schedules.Count;
                _schedules.Add(hours);
                _scheduleIds.Add(hours.Text, schedule);
            }
            _accountHours[id] = schedule;
        }
        _accountTimeZone[id] = (short)_timeZones.Intern(timeZone);
    }

    /// <summary>
    /// Records that <paramref name="account"/> has a holder whose name has the opaque key <paramref name="nameKey"/>
    /// (rule R10). An account that is in neither file by <see cref="Build"/> is ignored (the caller reports it).
    /// </summary>
    public void DescribeHolder(string account, string? nameKey)
    {
        if (!string.IsNullOrEmpty(nameKey))
        {
            _holders.Add((account, _nameKeys.Intern(nameKey)));
        }
    }

    /// <summary>
    /// Adds one transaction. <paramref name="place"/> is where it happened ("region/city"), <paramref name="kind"/> the
    /// file's own type text (interned upper case), <paramref name="flags"/> <see cref="TransactionFlags"/> bits.
    /// </summary>
    public void Add(long id, string source, string target, long amount, long time, Channel channel, string? currency = null, short merchantCategory = 0, string? branch = null, string? country = null,
        string? place = null, string? kind = null, byte flags = 0, string? passenger = null)
    {
        if (_count == _source.Length)
        {
            Grow(_count * 2);
        }
        _ids[_count] = id;
        _source[_count] = Account(source);
        _target[_count] = Account(target);
        _amount[_count] = amount;
        _time[_count] = time;
        _channel[_count] = channel;
        _currency[_count] = (short)_currencies.Intern(currency);
        _mcc[_count] = merchantCategory;
        _branch[_count] = _branches.Intern(branch);
        _country[_count] = (short)_countries.Intern(country);
        _place[_count] = _places.Intern(place);
        // A dataset has a handful of type codes; past short's range they count as unknown rather than wrap.
        _txKind[_count] = _txKinds.InternUpper(kind) is var k and <= short.MaxValue ? (short)k : (short)0;
        _flags[_count] = flags;
        if (!string.IsNullOrEmpty(passenger))
        {
            if (_passenger is null)
            {
                _passenger = new int[_source.Length];
            }
            _passenger[_count] = _nameKeys.Intern(passenger);
        }
        _count++;
    }

    private void Grow(int size)
    {
        Array.Resize(ref _ids, size);
        Array.Resize(ref _source, size);
        Array.Resize(ref _target, size);
        Array.Resize(ref _amount, size);
        Array.Resize(ref _time, size);
        Array.Resize(ref _channel, size);
        Array.Resize(ref _currency, size);
        Array.Resize(ref _mcc, size);
        Array.Resize(ref _branch, size);
        Array.Resize(ref _country, size);
        Array.Resize(ref _place, size);
        Array.Resize(ref _txKind, size);
        Array.Resize(ref _flags, size);
        if (_passenger is not null)
        {
            Array.Resize(ref _passenger, size);
        }
    }

    /// <summary>
    /// The store, sorted by time (stable). The builder must not be used afterwards: each column is handed over (or
    /// permuted into its place) and released one after the other, so the peak is the store and one column, not two stores.
    /// A file already in time order (the usual export) is not permuted at all.
    /// </summary>
    public TransactionStore Build()
    {
        var count = _count;
        int[]? order = null;
        for (var i = 1; i < count; i++)
        {
            if (_time[i] < _time[i - 1])
            {
                order = TimeOrder(count);
                break;
            }
        }
        var (holderOffsets, holders) = HolderIndex();
        var time = Take(ref _time, count, order);
        var target = Take(ref _target, count, order);
        var country = Take(ref _country, count, order);
        var accountCountry = _accountCountry.ToArray();
        for (var i = 0; i < country.Length; i++)
        {
            if (country[i] == 0)
            {
                country[i] = accountCountry[target[i]];
            }
        }
        return new TransactionStore([.. _accounts], [.. _kinds], accountCountry, _countries.ToArray(), Take(ref _ids, count, order), Take(ref _source, count, order), target,
            Take(ref _amount, count, order), time, Take(ref _channel, count, order), Take(ref _currency, count, order), _currencies.ToArray(), Take(ref _mcc, count, order),
            Take(ref _branch, count, order), _branches.ToArray(), country,
            Take(ref _place, count, order), _places.ToArray(), Take(ref _txKind, count, order), _txKinds.ToArray(), Take(ref _flags, count, order), [.. _businessType], _businessTypes.ToArray(),
            _passenger is { } passenger ? Take(ref passenger, count, order) : [], _nameKeys.ToArray(), holderOffsets, holders,
            [.. _accountHours], [.. _schedules], [.. _accountTimeZone], _timeZones.ToArray());
    }

    /// <summary>The rows' positions in time order, ties in file order (Array.Sort is not stable; the position breaks ties).</summary>
    private int[] TimeOrder(int count)
    {
        var order = new int[count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var keys = _time.AsSpan(0, count).ToArray();
        Array.Sort(keys, order);
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                Array.Sort(order, start, i - start);
                start = i;
            }
        }
        return order;
    }

    /// <summary>A column of exactly <paramref name="count"/> rows in time order; the builder's array is released.</summary>
    private static T[] Take<T>(ref T[] column, int count, int[]? order)
    {
        T[] result;
        if (order is not null)
        {
            result = new T[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = column[order[i]];
            }
        }
        else
        {
            result = column.Length == count ? column : column.AsSpan(0, count).ToArray();
        }
        column = [];
        return result;
    }

    /// <summary>The holders' name keys per dense account id in CSR form (both empty without holders); unknown accounts are skipped.</summary>
    private (int[] Offsets, int[] Keys) HolderIndex()
    {
        if (_holders.Count == 0)
        {
            return ([], []);
        }
        var offsets = new int[_accounts.Count + 1];
        var known = new List<(int Account, int Key)>(_holders.Count);
        foreach (var (account, key) in _holders)
        {
            if (_accountIds.TryGetValue(account, out var id))
            {
                known.Add((id, key));
                offsets[id + 1]++;
            }
        }
        for (var a = 0; a < _accounts.Count; a++)
        {
            offsets[a + 1] += offsets[a];
        }
        var keys = new int[known.Count];
        var next = (int[])offsets.Clone();
        foreach (var (id, key) in known)
        {
            keys[next[id]++] = key;
        }
        return (offsets, keys);
    }

    /// <summary>Strings to dense ids; id 0 is the empty string (unknown).</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal) { [""] = 0 };
        private readonly List<string> _values = [""];

        public int Intern(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return 0;
            }
            if (!_ids.TryGetValue(value, out var id))
            {
                id = _values.Count;
                _ids.Add(value, id);
                _values.Add(value);
            }
            return id;
        }

        /// <summary>Interns the upper-case form, without allocating when the value is already upper case (the common case).</summary>
        public int InternUpper(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return 0;
            }
            foreach (var c in value)
            {
                if (char.IsLower(c))
                {
                    return Intern(value.ToUpperInvariant());
                }
            }
            return Intern(value);
        }

        public string[] ToArray() => [.. _values];
    }
}

/// <summary>
/// Compressed-sparse-row adjacency of a store: for account a, the transactions leaving it are
/// <c>OutEdges[OutOffsets[a]..OutOffsets[a+1]]</c> and those arriving <c>InEdges[InOffsets[a]..InOffsets[a+1]]</c>, each list in
/// time order (values are transaction indices). Self-transactions (cash deposits and withdrawals) are left out.
/// </summary>
public sealed class TransactionGraph
{
    public TransactionGraph(TransactionStore store, Func<int, bool>? include = null)
    {
        Store = store;
        var n = store.AccountCount;
        OutOffsets = new int[n + 1];
        InOffsets = new int[n + 1];
        var m = 0;
        for (var e = 0; e < store.Count; e++)
        {
            if (Keep(store, e, include))
            {
                OutOffsets[store.Source[e] + 1]++;
                InOffsets[store.Target[e] + 1]++;
                m++;
            }
        }
        for (var a = 0; a < n; a++)
        {
            OutOffsets[a + 1] += OutOffsets[a];
            InOffsets[a + 1] += InOffsets[a];
        }
        OutEdges = new int[m];
        InEdges = new int[m];
        _included = include is null ? null : new bool[store.Count];
        var outNext = (int[])OutOffsets.Clone();
        var inNext = (int[])InOffsets.Clone();
        for (var e = 0; e < store.Count; e++)
        {
            if (Keep(store, e, include))
            {
                _included?[e] = true;
                OutEdges[outNext[store.Source[e]]++] = e;
                InEdges[inNext[store.Target[e]]++] = e;
            }
        }
    }

    private static bool Keep(TransactionStore store, int e, Func<int, bool>? include) =>
        store.Source[e] != store.Target[e] && (include is null || include(e));

    private readonly bool[]? _included;

    /// <summary>Whether transaction <paramref name="e"/> is an edge of this graph.</summary>
    public bool Contains(int e) => _included is null ? Source(e) != Target(e) : _included[e];

    private int Source(int e) => Store.Source[e];
    private int Target(int e) => Store.Target[e];

    public TransactionStore Store { get; }
    public int[] OutOffsets { get; }
    public int[] OutEdges { get; }
    public int[] InOffsets { get; }
    public int[] InEdges { get; }
    public int AccountCount => Store.AccountCount;
    public int EdgeCount => OutEdges.Length;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Analytics.Finance;
using Ariadne.Core.ImportExport.Cases;
using CsvHelper;

namespace Ariadne.Core.Finance;

/// <summary>One row of a parties file: the account and its holder's identifiers (plaintext: seal at once).</summary>
public sealed record PartyRow(int Line, string AccountId, string? Name, string? Phone, string? Email, string? Address, string? DocumentNumber, string? DateOfBirth = null);

/// <summary>The layouts <c>ariadne finance analyse</c> reads.</summary>
public enum TransactionLayout
{
    /// <summary>IBM AMLSim: the current <c>transactions.csv</c> (<c>tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp</c>) or the 2019 samples (<c>sourceNodeId,targetNodeId,value,time</c>), told apart by the header.</summary>
    AmlSim,
    /// <summary>IBM "Transactions for AML" (AMLworld): <c>Timestamp,From Bank,Account,To Bank,Account,Amount Received,…,Payment Format</c>.</summary>
    Ibm,
    /// <summary>Any CSV, with a JSON column mapping (<see cref="ColumnMapping"/>).</summary>
    Generic,
}

/// <summary>Why a file was refused: the file, the line (the header is line 1) and the column.</summary>
public sealed record FileError(string File, int Line, string Column, string Reason)
{
    public override string ToString() => $"{File}, line {Line}, column {Column}: {Reason}";
}

/// <summary>
/// The generic layout's mapping: which header names hold which field. Required: source, target, amount, timestamp.
/// <c>timestampFormat</c> is a .NET exact format (else ISO 8601, or an integer of Unix seconds); <c>channels</c> maps
/// the file's channel values to Ariadne's (<see cref="Channel"/> names); <c>delimiter</c> is detected when absent.
/// </summary>
public sealed record ColumnMapping
{
    public Dictionary<string, string> Columns { get; init; } = [];
    public string? TimestampFormat { get; init; }
    public Dictionary<string, string> Channels { get; init; } = [];
    public char? Delimiter { get; init; }
    /// <summary>The amounts' decimal separator, '.' or ','; the other one (and spaces, apostrophes) then groups thousands.</summary>
    public char? DecimalSeparator { get; init; }
    /// <summary>A culture name (e.g. <c>de-DE</c>) whose decimal and group separators the amounts use, when <see cref="DecimalSeparator"/> is not given.</summary>
    public string? Culture { get; init; }

    public static readonly string[] Fields = ["id", "source", "target", "amount", "currency", "timestamp", "channel", "branch", "merchantCategory", "country", "region", "city", "purpose", "beneficiary", "passenger", "trip"];
    public static readonly string[] Required = ["source", "target", "amount", "timestamp"];
}

/// <summary>
/// Reads transaction files into a <see cref="TransactionStore"/>, all or nothing: every bad row is reported (file,
/// line, column) and no store is returned when there is one. <b>Label columns are never read</b>: a column is only
/// reached through <see cref="Columns.Index"/>, which refuses the names in <see cref="LabelColumns"/>, so what a file says
/// about laundering cannot reach the analysis (the generic mapping may not name them either).
/// </summary>
public static class TransactionFiles
{
    /// <summary>Ground-truth columns of the public layouts; analysis must not see them.</summary>
    public static readonly IReadOnlySet<string> LabelColumns = new HashSet<string>(["isFraud", "is_sar", "alert_id", "Is Laundering", "fraudStep"], StringComparer.OrdinalIgnoreCase);

    /// <summary>AMLSim's <c>base_date</c>: a 2019-sample step n is n days after it.</summary>
    public const long AmlSimBaseDate = 1_483_228_800;

    public const int MaxListedErrors = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Reads the files. A ticket's <c>passenger</c> is reduced at once to an opaque key by <paramref name="nameKey"/>
    /// (the blind index of the normalised name: <see cref="HolderNameKeys"/>; a key of this process when null) and never
    /// kept as text; <paramref name="holders"/> (parties file rows) give the accounts' holders under the same key (R10).
    /// </summary>
    public static (TransactionStore? Store, IReadOnlyList<FileError> Errors) Read(TransactionLayout layout, string transactions, string? accounts = null, string? mapping = null,
        Func<string, string?>? nameKey = null, IEnumerable<PartyRow>? holders = null, IEnumerable<(string AccountId, string NameKey)>? holderNameKeys = null)
    {
        var builder = new TransactionStoreBuilder(ExpectedRows(transactions));
        var errors = new List<FileError>();
        nameKey ??= HolderNameKeys.InProcess();
        foreach (var holder in holders ?? [])
        {
            builder.DescribeHolder(holder.AccountId, holder.Name is null ? null : nameKey(holder.Name));
        }
        // Holders already reduced to their name key (the product's stored parties: NameIndex as hex).
        foreach (var (account, key) in holderNameKeys ?? [])
        {
            builder.DescribeHolder(account, key);
        }
        if (accounts is not null)
        {
            ReadAccounts(accounts, builder, errors);
        }
        ColumnMapping? map = null;
        if (layout == TransactionLayout.Generic)
        {
            map = ReadMapping(mapping, errors);
            if (map is null)
            {
                return (null, errors);
            }
        }
        ReadTransactions(layout, transactions, map, nameKey, builder, errors);
        return errors.Count > 0 ? (null, errors) : (builder.Build(), errors);
    }

    /// <summary>
    /// The data lines of a CSV file (line breaks minus the header), counted over its bytes before it is parsed: the store
    /// is sized once (<see cref="TransactionStoreBuilder"/>). A quoted field with a line break makes it an overestimate,
    /// which costs one trim; 0 for a file that cannot be opened (the parser reports that).
    /// </summary>
    internal static int ExpectedRows(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var buffer = new byte[1 << 20];
            long lines = 0;
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
            return (int)Math.Clamp(lines - 1, 0, int.MaxValue);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static ColumnMapping? ReadMapping(string? path, List<FileError> errors)
    {
        if (path is null)
        {
            errors.Add(new FileError("--mapping", 0, "mapping", "the generic layout needs a column mapping (JSON)"));
            return null;
        }
        var name = Path.GetFileName(path);
        ColumnMapping? map;
        try
        {
            map = JsonSerializer.Deserialize<ColumnMapping>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            errors.Add(new FileError(name, (int)(e.LineNumber ?? 0) + 1, e.Path ?? "$", "not a column mapping: " + e.Message));
            return null;
        }
        if (map is null)
        {
            errors.Add(new FileError(name, 1, "$", "the mapping is empty"));
            return null;
        }
        foreach (var (field, column) in map.Columns)
        {
            if (!ColumnMapping.Fields.Contains(field))
            {
                errors.Add(new FileError(name, 0, "columns." + field, $"no field '{field}'; fields are {string.Join(", ", ColumnMapping.Fields)}"));
            }
            if (LabelColumns.Contains(column))
            {
                errors.Add(new FileError(name, 0, "columns." + field, $"'{column}' is a label column; analysis never reads labels"));
            }
        }
        foreach (var field in ColumnMapping.Required.Where(f => !map.Columns.ContainsKey(f)))
        {
            errors.Add(new FileError(name, 0, "columns." + field, "required"));
        }
        foreach (var (value, channel) in map.Channels)
        {
            if (!Enum.TryParse<Channel>(channel, ignoreCase: true, out _))
            {
                errors.Add(new FileError(name, 0, "channels." + value, $"'{channel}' is not a channel ({string.Join(", ", Enum.GetNames<Channel>())})"));
            }
        }
        if (map.DecimalSeparator is { } separator && separator is not ('.' or ','))
        {
            errors.Add(new FileError(name, 0, "decimalSeparator", $"'{separator}' is not a decimal separator ('.' or ',')"));
        }
        if (map.Culture is { } culture && AmountText.Culture(culture) is null)
        {
            errors.Add(new FileError(name, 0, "culture", $"'{culture}' is not a known culture name (e.g. en-GB, de-DE)"));
        }
        return errors.Count > 0 ? null : map;
    }

    /// <summary>The header of a file and the only way to a column's index: label columns are refused here.</summary>
    private sealed class Columns(string file, IReadOnlyList<string> header)
    {
        public string File { get; } = file;

        /// <summary>The index of the first (<paramref name="occurrence"/> 0) or a later column named <paramref name="name"/>; −1 when absent.</summary>
        public int Index(string name, int occurrence = 0)
        {
            if (LabelColumns.Contains(name))
            {
                throw new InvalidOperationException($"The label column '{name}' may not be read for analysis.");
            }
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase) && occurrence-- == 0)
                {
                    return i;
                }
            }
            return -1;
        }

        public bool Has(string name) => Index(name) >= 0;
    }

    private static CsvReader Open(string path, char? delimiter)
    {
        char separator;
        using (var head = new StreamReader(path))
        {
            separator = delimiter ?? CaseFileReader.DetectDelimiter(head.ReadLine() ?? "");
        }
        var options = CsvReaderOptions.Default with { Separator = separator, FormatProvider = CultureInfo.InvariantCulture, HasHeader = false, SkipEmptyLines = false };
        return CsvReader.FromFile(path, options);
    }

    private static Columns? Header(CsvReader csv, string name, List<FileError> errors)
    {
        if (!csv.Read())
        {
            errors.Add(new FileError(name, 1, "header", "the file is empty"));
            return null;
        }
        return new Columns(name, [.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim().TrimStart('\uFEFF'))]);
    }

    private static void ReadAccounts(string path, TransactionStoreBuilder builder, List<FileError> errors)
    {
        var name = Path.GetFileName(path);
        using var csv = Open(path, null);
        if (Header(csv, name, errors) is not { } columns)
        {
            return;
        }
        // AMLSim current (acct_id), AMLSim 2019 (nodeid), IBM accounts (Bank ID + Account Number).
        var id = columns.Index("acct_id") is var a and >= 0 ? a : columns.Index("nodeid");
        var ibmBank = columns.Index("Bank ID");
        var ibmAccount = columns.Index("Account Number");
        if (id < 0 && (ibmBank < 0 || ibmAccount < 0))
        {
            errors.Add(new FileError(name, 1, "header", "no account column: expected acct_id (AMLSim), nodeid (AMLSim 2019) or Bank ID and Account Number (IBM)"));
            return;
        }
        var type = columns.Index("type");
        var country = columns.Index("country");
        // Optional: the holder's business type or merchant category (R11 cash-intensive businesses, R17 recruitment agencies).
        var business = columns.Index("business_type") is var bt and >= 0 ? bt : columns.Index("mcc");
        // Optional (R12): a business's declared opening hours and its IANA time zone.
        var hours = columns.Index("opening_hours");
        var zone = columns.Index("time_zone");
        var schedules = new Dictionary<string, OpeningHours>(StringComparer.Ordinal);
        var line = 1;
        while (csv.Read())
        {
            line++;
            if (csv.FieldCount == 1 && csv.GetString(0).Length == 0)
            {
                continue;
            }
            var key = id >= 0 ? Cell(csv, id) : Cell(csv, ibmBank) + ":" + Cell(csv, ibmAccount);
            if (key.Length == 0 || key == ":")
            {
                errors.Add(new FileError(name, line, id >= 0 ? "acct_id" : "Account Number", "empty account identifier"));
                continue;
            }
            var kind = Cell(csv, type).ToUpperInvariant() switch
            {
                "I" or "INDIVIDUAL" => AccountKind.Individual,
                "O" or "B" or "C" or "BUSINESS" or "ORGANISATION" or "ORGANIZATION" => AccountKind.Business,
                _ => AccountKind.Unknown,
            };
            builder.DescribeAccount(key, kind, Cell(csv, country), Cell(csv, business) is { Length: > 0 } b ? b : null);
            OpeningHours? schedule = null;
            if (Cell(csv, hours) is { Length: > 0 } text && !schedules.TryGetValue(text, out schedule))
            {
                var (parsed, problem) = OpeningHours.Parse(text);
                if (problem is not null)
                {
                    errors.Add(new FileError(name, line, "opening_hours", problem + " (e.g. Mo-Fr 09:00-18:00; Sa 09:00-13:00)"));
                }
                else
                {
                    schedules[text] = schedule = parsed!;
                }
            }
            var timeZone = Cell(csv, zone) is { Length: > 0 } z ? z : null;
            if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            {
                errors.Add(new FileError(name, line, "time_zone", $"'{timeZone}' is not an IANA time zone (e.g. Europe/Berlin)"));
                timeZone = null;
            }
            if (schedule is not null || timeZone is not null)
            {
                builder.DescribeOpeningHours(key, schedule, timeZone);
            }
        }
    }

    /// <summary>
    /// Reads a parties file (generic layout <c>account_id,name,phone,email,address,document_number</c>; only
    /// <c>account_id</c> is required, the other columns may be absent or empty), all or nothing like the transactions.
    /// The values are identifying: the caller seals them at once and keeps no copy.
    /// </summary>
    public static (IReadOnlyList<PartyRow>? Parties, IReadOnlyList<FileError> Errors) ReadParties(string path)
    {
        var name = Path.GetFileName(path);
        var errors = new List<FileError>();
        var parties = new List<PartyRow>();
        using var csv = Open(path, null);
        if (Header(csv, name, errors) is not { } columns)
        {
            return (null, errors);
        }
        var account = columns.Index("account_id");
        if (account < 0)
        {
            errors.Add(new FileError(name, 1, "header", "no account_id column: expected account_id,name,phone,email,address,document_number,date_of_birth"));
            return (null, errors);
        }
        int[] fields = [columns.Index("name"), columns.Index("phone"), columns.Index("email"), columns.Index("address"), columns.Index("document_number"), columns.Index("date_of_birth")];
        var line = 1;
        while (csv.Read())
        {
            line++;
            if (csv.FieldCount == 1 && csv.GetString(0).Length == 0)
            {
                continue;
            }
            var id = Cell(csv, account);
            if (id.Length == 0)
            {
                errors.Add(new FileError(name, line, "account_id", "empty account identifier"));
                continue;
            }
            string? Value(int i) => Cell(csv, fields[i]) is { Length: > 0 } v ? v : null;
            var email = Value(2);
            if (email is not null && !email.Contains('@', StringComparison.Ordinal))
            {
                errors.Add(new FileError(name, line, "email", "not an e-mail address"));
                continue;
            }
            var birth = Value(5);
            if (birth is not null && !DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add(new FileError(name, line, "date_of_birth", "not a date (yyyy-MM-dd)"));
                continue;
            }
            parties.Add(new PartyRow(line, id, Value(0), Value(1), email, Value(3), Value(4), birth));
        }
        return errors.Count > 0 ? (null, errors.Take(MaxListedErrors).ToList()) : (parties, errors);
    }

    private static string Cell(CsvReader csv, int index) => index >= 0 && index < csv.FieldCount ? csv.GetString(index).Trim() : "";

    private static void ReadTransactions(TransactionLayout layout, string path, ColumnMapping? map, Func<string, string?> nameKey, TransactionStoreBuilder builder, List<FileError> errors)
    {
        var name = Path.GetFileName(path);
        using var csv = Open(path, map?.Delimiter);
        if (Header(csv, name, errors) is not { } columns)
        {
            return;
        }
        var spec = layout switch
        {
            TransactionLayout.Ibm => Ibm(columns, errors),
            TransactionLayout.Generic => Generic(columns, map!, errors),
            _ => columns.Has("tran_id") || columns.Has("orig_acct") ? AmlSim(columns, errors) : AmlSim2019(columns, errors),
        };
        if (spec is null)
        {
            return;
        }
        spec.NameKey = nameKey;
        var line = 1;
        var dataRow = 0L;
        while (csv.Read())
        {
            line++;
            if (csv.FieldCount == 1 && csv.GetString(0).Length == 0)
            {
                continue;
            }
            dataRow++;
            if (errors.Count >= MaxListedErrors)
            {
                continue;
            }
            spec.Row(csv, line, dataRow, builder, errors);
        }
    }

    /// <summary>The column indices of one layout and how to turn a row into a transaction.</summary>
    private sealed class RowSpec
    {
        public required string File { get; init; }
        public int Id { get; init; } = -1;
        public required int Source { get; init; }
        public required int Target { get; init; }
        public int SourceBank { get; init; } = -1;
        public int TargetBank { get; init; } = -1;
        public required int Amount { get; init; }
        public required int Time { get; init; }
        public int Channel { get; init; } = -1;
        public int Currency { get; init; } = -1;
        public int Branch { get; init; } = -1;
        public int Mcc { get; init; } = -1;
        public int Country { get; init; } = -1;
        public int Region { get; init; } = -1;
        public int City { get; init; } = -1;
        public int Purpose { get; init; } = -1;
        public int Beneficiary { get; init; } = -1;
        public int Passenger { get; init; } = -1;
        public int Trip { get; init; } = -1;
        /// <summary>Reduces a passenger's name to its opaque key (set by the reader).</summary>
        public Func<string, string?> NameKey { get; set; } = _ => null;
        public required string[] Names { get; init; }
        public Func<string, Channel> Channels { get; init; } = ParseAmlSimType;
        public string? TimeFormat { get; init; }
        public bool StepDays { get; init; }
        /// <summary>The generic layout's amount reading (declared separators); the fixed layouts read invariant numbers.</summary>
        public AmountText? Amounts { get; init; }

        public void Row(CsvReader csv, int line, long dataRow, TransactionStoreBuilder builder, List<FileError> errors)
        {
            var before = errors.Count;
            long id = dataRow;
            if (Id >= 0 && !long.TryParse(Cell(csv, Id), NumberStyles.Integer, CultureInfo.InvariantCulture, out id))
            {
                errors.Add(new FileError(File, line, Names[0], $"'{Cell(csv, Id)}' is not an integer transaction id"));
            }
            var source = Account(csv, SourceBank, Source);
            var target = Account(csv, TargetBank, Target);
            if (source.Length == 0)
            {
                errors.Add(new FileError(File, line, Names[1], "empty account"));
            }
            if (target.Length == 0)
            {
                errors.Add(new FileError(File, line, Names[2], "empty account"));
            }
            var amountText = Cell(csv, Amount);
            long amount = 0;
            if (Amounts is { } amounts)
            {
                var (parsed, problem) = amounts.Parse(amountText);
                if (problem is not null)
                {
                    errors.Add(new FileError(File, line, Names[3], problem));
                }
                else
                {
                    amount = (long)Math.Round(parsed * 100, MidpointRounding.AwayFromZero);
                }
            }
            else if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 10_000_000_000_000m)
            {
                errors.Add(new FileError(File, line, Names[3], $"'{amountText}' is not a non-negative amount"));
            }
            else
            {
                amount = (long)Math.Round(value * 100, MidpointRounding.AwayFromZero);
            }
            var timeText = Cell(csv, Time);
            var time = ParseTime(timeText, TimeFormat, StepDays);
            if (time is null)
            {
                errors.Add(new FileError(File, line, Names[4], $"'{timeText}' is not a time{(TimeFormat is null ? " (ISO 8601 or Unix seconds)" : $" in the format {TimeFormat}")}"));
            }
            short mcc = 0;
            var mccText = Cell(csv, Mcc);
            if (mccText.Length > 0 && !short.TryParse(mccText, NumberStyles.None, CultureInfo.InvariantCulture, out mcc))
            {
                errors.Add(new FileError(File, line, "merchant category", $"'{mccText}' is not a four-digit merchant category code"));
            }
            var kind = Cell(csv, Purpose) is { Length: > 0 } purpose ? purpose : Cell(csv, Channel);
            if (kind.Length > MaxKindLength)
            {
                errors.Add(new FileError(File, line, Purpose >= 0 ? "purpose" : "channel", $"a transaction type is a short code of at most {MaxKindLength} characters (e.g. PAYROLL), not free text"));
            }
            var tripText = Cell(csv, Trip);
            var trip = ParseTrip(tripText);
            if (trip is null)
            {
                errors.Add(new FileError(File, line, "trip", $"'{tripText}' is not a trip: one-way or return (or empty)"));
            }
            if (errors.Count == before)
            {
                var channelText = Cell(csv, Channel);
                var flags = (byte)((Cell(csv, Beneficiary).Length > 0 ? TransactionFlags.HasBeneficiary : 0) | trip!.Value);
                // The passenger's name is identifying: only its keyed hash goes on, the text is dropped here.
                var passenger = Passenger >= 0 && Cell(csv, Passenger) is { Length: > 0 } who ? NameKey(who) : null;
                builder.Add(id, source, target, amount, time!.Value, Channel >= 0 ? Channels(channelText) : Analytics.Finance.Channel.Transfer,
                    NullIfEmpty(Cell(csv, Currency)), mcc, NullIfEmpty(Cell(csv, Branch)), NullIfEmpty(Cell(csv, Country)),
                    Place(Cell(csv, Region), Cell(csv, City)), NullIfEmpty(kind), flags, passenger);
            }
        }

        /// <summary>The trip's <see cref="TransactionFlags"/> bit, 0 when empty, null when not a trip.</summary>
        private static byte? ParseTrip(string text) => text.ToLowerInvariant() switch
        {
            "" => 0,
            "one-way" or "oneway" or "one_way" or "one way" or "single" => TransactionFlags.OneWay,
            "return" or "round-trip" or "round trip" or "roundtrip" => TransactionFlags.Return,
            _ => null,
        };

        private static string Account(CsvReader csv, int bank, int account) =>
            bank >= 0 ? Cell(csv, bank) + ":" + Cell(csv, account) is var key && key != ":" ? key : "" : Cell(csv, account);

        private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

        /// <summary>"region/city", or either alone; null when neither is given.</summary>
        private static string? Place(string region, string city) =>
            region.Length == 0 ? NullIfEmpty(city) : city.Length == 0 ? region : region + "/" + city;
    }

    /// <summary>Transaction types are interned per dataset: a short code, never free text (which would intern a string per row).</summary>
    public const int MaxKindLength = 32;

    private static long? ParseTime(string text, string? format, bool stepDays)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return stepDays ? AmlSimBaseDate + number * 86_400 : number;
        }
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var ok = format is null
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var at)
            : DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out at);
        return ok ? at.ToUnixTimeSeconds() : null;
    }

    /// <summary>AMLSim's <c>tx_type</c> values (and the generator's additions) to channels; unknown values are Unknown, not errors.</summary>
    public static Channel ParseAmlSimType(string value) => value.ToUpperInvariant() switch
    {
        "TRANSFER" or "PAYMENT" or "CREDIT" => Channel.Transfer,
        "WIRE" => Channel.Wire,
        "ACH" => Channel.Ach,
        "CASH-IN" or "CASH_IN" or "DEPOSIT" => Channel.CashIn,
        "CASH-OUT" or "CASH_OUT" or "WITHDRAWAL" => Channel.CashOut,
        "CASH" => Channel.Cash,
        "CARD" or "CREDIT CARD" => Channel.Card,
        "CHECK" or "CHEQUE" => Channel.Cheque,
        "PREPAID" => Channel.Prepaid,
        "P2P" => Channel.P2p,
        "CRYPTO" or "BITCOIN" => Channel.Crypto,
        "REINVESTMENT" => Channel.Reinvestment,
        "PAYROLL" or "SALARY" or "WAGES" => Channel.Ach,
        _ => Channel.Unknown,
    };

    private static RowSpec? Require(Columns columns, List<FileError> errors, params (string Name, int Index)[] required)
    {
        foreach (var (n, i) in required.Where(r => r.Index < 0))
        {
            errors.Add(new FileError(columns.File, 1, n, "missing column"));
        }
        return null;
    }

    private static RowSpec? AmlSim(Columns c, List<FileError> errors)
    {
        var (id, s, t, a, time) = (c.Index("tran_id"), c.Index("orig_acct"), c.Index("bene_acct"), c.Index("base_amt"), c.Index("tran_timestamp"));
        if (id < 0 || s < 0 || t < 0 || a < 0 || time < 0)
        {
            return Require(c, errors, ("tran_id", id), ("orig_acct", s), ("bene_acct", t), ("base_amt", a), ("tran_timestamp", time));
        }
        return new RowSpec
        {
            File = c.File,
            Id = id,
            Source = s,
            Target = t,
            Amount = a,
            Time = time,
            Channel = c.Index("tx_type"),
            Currency = c.Index("currency"),
            Branch = c.Index("branch_id"),
            Mcc = c.Index("mcc"),
            Country = c.Index("country"),
            Region = c.Index("region"),
            City = c.Index("city"),
            Passenger = c.Index("passenger"),
            Trip = c.Index("trip"),
            StepDays = true,
            Names = ["tran_id", "orig_acct", "bene_acct", "base_amt", "tran_timestamp"],
        };
    }

    private static RowSpec? AmlSim2019(Columns c, List<FileError> errors)
    {
        var (s, t, a, time) = (c.Index("sourceNodeId"), c.Index("targetNodeId"), c.Index("value"), c.Index("time"));
        if (s < 0 || t < 0 || a < 0 || time < 0)
        {
            return Require(c, errors, ("sourceNodeId", s), ("targetNodeId", t), ("value", a), ("time", time));
        }
        return new RowSpec { File = c.File, Source = s, Target = t, Amount = a, Time = time, StepDays = true, Names = ["row", "sourceNodeId", "targetNodeId", "value", "time"] };
    }

    /// <summary>
    /// IBM AMLworld: two columns are both named "Account" (sender's, then receiver's). An account is identified by
    /// bank and number, <c>BANK:ACCOUNT</c>, as the dataset's account numbers repeat across banks. The paid amount
    /// and currency are used (the sender's side); Payment Format gives the channel.
    /// </summary>
    private static RowSpec? Ibm(Columns c, List<FileError> errors)
    {
        var (time, fromBank, from, toBank, to, amount, currency, format) =
            (c.Index("Timestamp"), c.Index("From Bank"), c.Index("Account"), c.Index("To Bank"), c.Index("Account", 1), c.Index("Amount Paid"), c.Index("Payment Currency"), c.Index("Payment Format"));
        if (time < 0 || fromBank < 0 || from < 0 || toBank < 0 || to < 0 || amount < 0)
        {
            return Require(c, errors, ("Timestamp", time), ("From Bank", fromBank), ("Account", from), ("To Bank", toBank), ("Account (second)", to), ("Amount Paid", amount));
        }
        return new RowSpec
        {
            File = c.File,
            Source = from,
            SourceBank = fromBank,
            Target = to,
            TargetBank = toBank,
            Amount = amount,
            Time = time,
            Currency = currency,
            Channel = format,
            TimeFormat = "yyyy/MM/dd HH:mm",
            Channels = ParseAmlSimType,
            Names = ["row", "Account", "Account (second)", "Amount Paid", "Timestamp"],
        };
    }

    private static RowSpec? Generic(Columns c, ColumnMapping map, List<FileError> errors)
    {
        int Col(string field) => map.Columns.TryGetValue(field, out var column) ? c.Index(column) : -1;
        foreach (var (field, column) in map.Columns.Where(p => c.Index(p.Value) < 0))
        {
            errors.Add(new FileError(c.File, 1, column, $"the mapping's column for '{field}' is not in the header"));
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var channels = new Dictionary<string, Channel>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, channel) in map.Channels)
        {
            channels[value] = Enum.Parse<Channel>(channel, ignoreCase: true);
        }
        return new RowSpec
        {
            File = c.File,
            Id = Col("id"),
            Source = Col("source"),
            Target = Col("target"),
            Amount = Col("amount"),
            Time = Col("timestamp"),
            Channel = Col("channel"),
            Currency = Col("currency"),
            Branch = Col("branch"),
            Mcc = Col("merchantCategory"),
            Country = Col("country"),
            Region = Col("region"),
            City = Col("city"),
            Purpose = Col("purpose"),
            Beneficiary = Col("beneficiary"),
            Passenger = Col("passenger"),
            Trip = Col("trip"),
            TimeFormat = map.TimestampFormat,
            Amounts = AmountText.For(map.DecimalSeparator, map.Culture),
            Channels = v => channels.TryGetValue(v, out var ch) ? ch : ParseAmlSimType(v),
            Names = [.. new[] { "id", "source", "target", "amount", "timestamp" }.Select(f => map.Columns.GetValueOrDefault(f, "row"))],
        };
    }
}

/// <summary>
/// Reads amounts written with thousands separators ("1,200.50", "1.200,50", "1 200,50", "1'200.50"). With a declared
/// decimal separator (or culture) the other of '.' and ',' and spaces and apostrophes group digits, and only in groups
/// of three. Without one, the separator is told from the text: the last of '.' and ',' when both occur, a repeated one
/// groups; a single '.' or ',' followed by exactly three digits ("1,200", "1.200") is ambiguous (1200 or 1.2) and is
/// refused so that the mapping declares it, rather than guessed.
/// </summary>
public sealed class AmountText
{
    private const decimal Max = 10_000_000_000_000m;
    private readonly char? _decimal;

    private AmountText(char? decimalSeparator) => _decimal = decimalSeparator;

    public static AmountText For(char? decimalSeparator, string? culture) =>
        new(decimalSeparator ?? (culture is null ? null : Culture(culture)?.NumberFormat.NumberDecimalSeparator is [var c] && c is '.' or ',' ? c : null));

    /// <summary>A known specific or neutral culture by name, else null.</summary>
    public static CultureInfo? Culture(string name)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return culture.Name.Length > 0 ? culture : null;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The amount, or why the text is not one (naming the ambiguity).</summary>
    public (decimal Value, string? Problem) Parse(string text)
    {
        var t = text.Trim();
        var separator = _decimal ?? Infer(t);
        if (separator is null)
        {
            return (0, $"'{text}' is ambiguous: 1,200 and 1.200 may mean twelve hundred or 1.2; declare \"decimalSeparator\" or \"culture\" in the mapping");
        }
        var point = t.LastIndexOf(separator.Value);
        var whole = point < 0 ? t : t[..point];
        var fraction = point < 0 ? "" : t[(point + 1)..];
        var groups = whole.Split(['.', ',', ' ', '\u00A0', '\u202F', '\''], StringSplitOptions.None);
        var wellGrouped = groups.Length == 1 || (groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3));
        if (whole.Length == 0 || !wellGrouped || !groups.All(g => g.All(char.IsAsciiDigit)) || !fraction.All(char.IsAsciiDigit) || (point >= 0 && fraction.Length == 0)
            || !decimal.TryParse(string.Concat(groups) + (fraction.Length > 0 ? "." + fraction : ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > Max)
        {
            return (0, $"'{text}' is not a non-negative amount with decimal separator '{separator}'{(_decimal is null ? " (told from the text)" : "")}");
        }
        return (value, null);
    }

    /// <summary>'.' or ',' as the decimal separator told from the text, '.' when there is none, null when ambiguous.</summary>
    private static char? Infer(string t)
    {
        var (dot, comma) = (t.LastIndexOf('.'), t.LastIndexOf(','));
        if (dot >= 0 && comma >= 0)
        {
            return dot > comma ? '.' : ',';
        }
        var at = Math.Max(dot, comma);
        if (at < 0)
        {
            return '.';
        }
        var c = t[at];
        if (t.IndexOf(c) != at)
        {
            // Repeated: it groups, so the other is the decimal separator.
            return c == '.' ? ',' : '.';
        }
        return t.Length - at - 1 == 3 ? null : c;
    }
}

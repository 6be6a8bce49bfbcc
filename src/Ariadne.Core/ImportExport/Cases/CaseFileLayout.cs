using System.Collections.Frozen;
using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;

namespace Ariadne.Core.ImportExport.Cases;

/// <summary>
/// The column layout shared by CSV and XLSX case files. Headers are the camelCase <see cref="CaseInput"/> property
/// names and match case-insensitively; multi-valued cells are separated by <see cref="ListSeparator"/>; dates are
/// ISO <c>yyyy-MM-dd</c>; booleans <c>true</c>/<c>false</c>; an empty cell is null. Coded cells take the product
/// code or anything <see cref="CodeList.Resolve"/> knows (CTDC, GLOTIP or HTCDS value, label) and are normalised
/// to the product code.
/// </summary>
public static class CaseFileLayout
{
    public const char ListSeparator = ';';
    public const string DateFormat = "yyyy-MM-dd";

    public const string CaseCode = "caseCode";
    public const string Status = "status";
    public const string GivenName = "givenName";
    public const string FamilyName = "familyName";
    public const string Sex = "sex";
    public const string DateOfBirth = "dateOfBirth";
    public const string YearOfBirth = "yearOfBirth";
    public const string AgeAtIdentification = "ageAtIdentification";
    public const string MinorAtIdentification = "minorAtIdentification";
    public const string Citizenships = "citizenships";
    public const string IdentificationDate = "identificationDate";
    public const string TraffickingStatus = "traffickingStatus";
    public const string StatusDecidedBy = "statusDecidedBy";
    public const string DetectingOrganisationType = "detectingOrganisationType";
    public const string CountryOfExploitation = "countryOfExploitation";
    public const string AgeAtExploitationStart = "ageAtExploitationStart";
    public const string ExploitationForms = "exploitationForms";
    public const string MeansOfControl = "meansOfControl";
    public const string LabourTypes = "labourTypes";
    public const string RecruitmentMethod = "recruitmentMethod";
    public const string RecruiterRelationship = "recruiterRelationship";
    public const string Narrative = "narrative";
    public const string Aliases = "aliases";
    public const string DocumentType = "documentType";
    public const string DocumentNumber = "documentNumber";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Address = "address";

    /// <summary>The importable columns, in the order exports write them.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        CaseCode, Status, GivenName, FamilyName, Sex, DateOfBirth, YearOfBirth, AgeAtIdentification, MinorAtIdentification,
        Citizenships, IdentificationDate, TraffickingStatus, StatusDecidedBy, DetectingOrganisationType, CountryOfExploitation,
        AgeAtExploitationStart, ExploitationForms, MeansOfControl, LabourTypes, RecruitmentMethod, RecruiterRelationship, Narrative,
        Aliases, DocumentType, DocumentNumber, Phone, Email, Address,
    ];

    /// <summary>The identifying columns: encrypted at rest, empty in a pseudonymous export.</summary>
    public static readonly IReadOnlyList<string> IdentifyingColumns =
        [GivenName, FamilyName, DateOfBirth, Narrative, Aliases, DocumentType, DocumentNumber, Phone, Email, Address];

    /// <summary>Columns a file must have: the required fields without a default.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = [Sex, IdentificationDate, TraffickingStatus, DetectingOrganisationType];

    /// <summary>What exports add after <see cref="Columns"/>; the system keeps these, so imports accept and ignore them.</summary>
    public static readonly IReadOnlyList<string> ReadOnlyColumns =
        ["id", "organisation", "version", "ageGroup", "transnationality", "createdAtUtc", "updatedAtUtc", "legalHold", "identityErasedAtUtc", "identityRevealed"];

    /// <summary>Every column an export writes: <see cref="Columns"/> then <see cref="ReadOnlyColumns"/>.</summary>
    public static readonly IReadOnlyList<string> ExportColumns = [.. Columns, .. ReadOnlyColumns];

    private static readonly FrozenDictionary<string, int> ColumnIndex =
        Columns.Select((c, i) => (c, i)).ToFrozenDictionary(x => x.c, x => x.i, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Ignored = ReadOnlyColumns.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The file column for a <see cref="FieldError.Field"/> (a PascalCase <see cref="CaseInput"/> property).</summary>
    public static string ColumnOf(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    /// <summary>
    /// Maps the header cells to layout positions. Returns, per file column, the index into <see cref="Columns"/>, or -1
    /// for an ignored read-only column; unknown, duplicate and missing required columns are reported as errors on row 1.
    /// </summary>
    public static int[] MapHeader(IReadOnlyList<string?> header, List<ImportError> errors)
    {
        var map = new int[header.Count];
        var seen = new HashSet<int>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i]?.Trim() ?? "";
            if (ColumnIndex.TryGetValue(name, out var index))
            {
                map[i] = index;
                if (!seen.Add(index))
                {
                    errors.Add(new(1, Columns[index], "The column appears twice."));
                }
            }
            else if (Ignored.Contains(name))
            {
                map[i] = -1;
            }
            else
            {
                map[i] = -1;
                errors.Add(new(1, name.Length == 0 ? $"#{i + 1}" : name,
                    name.Length == 0 ? "The column has no header." : $"'{name}' is not a column of the case layout (expected: {string.Join(", ", Columns)})."));
            }
        }
        foreach (var required in RequiredColumns)
        {
            if (!seen.Contains(ColumnIndex[required]))
            {
                errors.Add(new(1, required, "The required column is missing."));
            }
        }
        return map;
    }

    /// <summary>
    /// Builds the input from one row's cells (<paramref name="map"/> from <see cref="MapHeader"/>). Cells that cannot be
    /// read (a malformed date or number) are reported in <paramref name="errors"/>; their field is left null.
    /// </summary>
    public static CaseInput ParseRow(int row, IReadOnlyList<string?> cells, int[] map, CodeListRegistry codes, List<ImportError> errors)
    {
        var values = new string?[Columns.Count];
        for (var i = 0; i < map.Length && i < cells.Count; i++)
        {
            if (map[i] >= 0)
            {
                values[map[i]] = string.IsNullOrWhiteSpace(cells[i]) ? null : cells[i];
            }
        }
        for (var i = map.Length; i < cells.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(cells[i]))
            {
                errors.Add(new(row, $"#{i + 1}", "The cell is outside the columns named in the header."));
            }
        }
        var reader = new RowReader(row, values, codes, errors);
        return new CaseInput
        {
            CaseCode = reader.Text(CaseCode)?.Trim(),
            Status = reader.Code(Status, CodeListIds.CaseStatus),
            GivenName = reader.Text(GivenName),
            FamilyName = reader.Text(FamilyName),
            Sex = reader.Code(Sex, CodeListIds.Sex),
            DateOfBirth = reader.Date(DateOfBirth),
            YearOfBirth = reader.Integer(YearOfBirth),
            AgeAtIdentification = reader.Integer(AgeAtIdentification),
            MinorAtIdentification = reader.Boolean(MinorAtIdentification),
            Citizenships = reader.Codes(Citizenships, CodeListIds.Country),
            IdentificationDate = reader.Date(IdentificationDate),
            TraffickingStatus = reader.Code(TraffickingStatus, CodeListIds.TraffickingStatus),
            StatusDecidedBy = reader.Code(StatusDecidedBy, CodeListIds.DecidingOrganisation),
            DetectingOrganisationType = reader.Code(DetectingOrganisationType, CodeListIds.OrganisationType),
            CountryOfExploitation = reader.Code(CountryOfExploitation, CodeListIds.Country),
            AgeAtExploitationStart = reader.Integer(AgeAtExploitationStart),
            ExploitationForms = reader.Codes(ExploitationForms, CodeListIds.ExploitationForm),
            MeansOfControl = reader.Codes(MeansOfControl, CodeListIds.MeansOfControl),
            LabourTypes = reader.Codes(LabourTypes, CodeListIds.LabourType),
            RecruitmentMethod = reader.Code(RecruitmentMethod, CodeListIds.RecruitmentMethod),
            RecruiterRelationship = reader.Code(RecruiterRelationship, CodeListIds.RecruiterRelationship),
            Narrative = reader.Text(Narrative),
            Aliases = reader.TextList(Aliases),
            DocumentType = reader.Text(DocumentType),
            DocumentNumber = reader.Text(DocumentNumber),
            Phone = reader.Text(Phone),
            Email = reader.Text(Email),
            Address = reader.Text(Address),
        };
    }

    /// <summary>The cells of <see cref="ExportColumns"/> for one case, as text in the layout's formats.</summary>
    public static string?[] ToCells(CaseDto c)
    {
        var input = c.ToInput();
        return
        [
            c.CaseCode, c.Status, c.GivenName, c.FamilyName, c.Sex, Date(c.DateOfBirth), Integer(c.YearOfBirth),
            Integer(c.AgeAtIdentification), Boolean(input.MinorAtIdentification), List(c.Citizenships), Date(c.IdentificationDate),
            c.TraffickingStatus, c.StatusDecidedBy, c.DetectingOrganisationType, c.CountryOfExploitation,
            Integer(c.AgeAtExploitationStart), List(c.ExploitationForms), List(c.MeansOfControl), List(c.LabourTypes),
            c.RecruitmentMethod, c.RecruiterRelationship, c.Narrative,
            List(c.Aliases), c.DocumentType, c.DocumentNumber, c.Phone, c.Email, c.Address,
            c.Id.ToString(), c.OrganisationName, Integer(c.Version), c.AgeGroup.ToString(), c.Transnationality.ToString(),
            c.CreatedAtUtc.ToString("O", CultureInfo.InvariantCulture), c.UpdatedAtUtc.ToString("O", CultureInfo.InvariantCulture),
            Boolean(c.LegalHold), c.IdentityErasedAtUtc?.ToString("O", CultureInfo.InvariantCulture), Boolean(c.IdentityRevealed),
        ];
    }

    private static string? Date(DateOnly? value) => value?.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string? Integer(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Boolean(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => null,
    };

    private static string? List(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(ListSeparator, values);

    /// <summary>Reads typed values out of one row's cells, recording what cannot be read.</summary>
    private readonly struct RowReader(int row, string?[] values, CodeListRegistry codes, List<ImportError> errors)
    {
        public string? Text(string column) => values[ColumnIndex[column]];

        /// <summary>Free-text values separated by <see cref="ListSeparator"/>, trimmed, empty ones dropped.</summary>
        public IReadOnlyList<string> TextList(string column) =>
            Text(column) is { } text ? [.. text.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [];

        public string? Code(string column, string list)
        {
            var value = Text(column)?.Trim();
            return value is null ? null : Normalise(codes[list], value);
        }

        public IReadOnlyList<string> Codes(string column, string list)
        {
            var value = Text(column);
            if (value is null)
            {
                return [];
            }
            var codeList = codes[list];
            return [.. value.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Normalise(codeList, v))];
        }

        public DateOnly? Date(string column)
        {
            var value = Text(column)?.Trim();
            if (value is null)
            {
                return null;
            }
            if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            errors.Add(new(row, column, $"'{value}' is not a date in the form yyyy-MM-dd."));
            return null;
        }

        public int? Integer(string column)
        {
            var value = Text(column)?.Trim();
            if (value is null)
            {
                return null;
            }
            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
            errors.Add(new(row, column, $"'{value}' is not a whole number."));
            return null;
        }

        public bool? Boolean(string column)
        {
            var value = Text(column)?.Trim();
            if (value is null)
            {
                return null;
            }
            if (bool.TryParse(value, out var flag))
            {
                return flag;
            }
            errors.Add(new(row, column, $"'{value}' is not true or false."));
            return null;
        }

        // Unknown values pass through unchanged, so that CaseRules.Validate names them in its UnknownCode message.
        private static string Normalise(CodeList list, string value) =>
            list.Contains(value) ? value : list.Resolve(value)?.Code ?? value;
    }
}

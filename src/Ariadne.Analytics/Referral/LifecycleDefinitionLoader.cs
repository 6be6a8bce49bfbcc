using System.Text.Json;

namespace Ariadne.Analytics.Referral;

/// <summary>
/// Reads a jurisdiction's lifecycle definition from JSON and validates it: unknown states, periods or roles, unreachable
/// states, dead ends, duplicate transitions, unparsable guards and any guard that refers to cooperation with the
/// authorities are refused with an <see cref="InvalidDataException"/> naming the jurisdiction and the offending item.
/// </summary>
public static class LifecycleDefinitionLoader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static LifecycleDefinition Load(Stream json, string name)
    {
        DefinitionFile file;
        try
        {
            file = JsonSerializer.Deserialize<DefinitionFile>(json, JsonOptions) ?? throw new InvalidDataException($"{name}: empty definition.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: not valid JSON ({e.Message}).", e);
        }
        return Build(file, name);
    }

    private static LifecycleDefinition Build(DefinitionFile file, string name)
    {
        var id = string.IsNullOrWhiteSpace(file.Jurisdiction) ? throw new InvalidDataException($"{name}: the definition has no jurisdiction.") : file.Jurisdiction;
        var where = $"Jurisdiction '{id}'";
        var errors = new List<string>();

        TimeZoneInfo timeZone = TimeZoneInfo.Utc;
        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(file.TimeZone ?? "Etc/UTC");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"{where}: unknown time zone '{file.TimeZone}' (use an IANA id such as 'Europe/Berlin').");
        }

        var roles = file.Roles ?? [];
        var periods = new Dictionary<string, PeriodLength>(StringComparer.Ordinal);
        foreach (var (periodId, period) in file.Periods ?? [])
        {
            if (ParsePeriod(period, $"{where}: period '{periodId}'", errors) is { } length)
            {
                periods[periodId] = length;
            }
        }
        var serviceResponse = file.ServiceReferralResponse is null
            ? new PeriodLength(5, PeriodUnit.WorkingDays)
            : ParsePeriod(file.ServiceReferralResponse, $"{where}: serviceReferralResponse", errors) ?? new PeriodLength(5, PeriodUnit.WorkingDays);

        var states = new List<LifecycleState>();
        foreach (var state in file.States ?? [])
        {
            if (string.IsNullOrWhiteSpace(state.Id))
            {
                errors.Add($"{where}: a state has no id.");
                continue;
            }
            if (states.Any(s => s.Id == state.Id))
            {
                errors.Add($"{where}: state '{state.Id}' is defined twice.");
                continue;
            }
            if (state.Period is { } p && !periods.ContainsKey(p))
            {
                errors.Add($"{where}: state '{state.Id}' starts unknown period '{p}'.");
            }
            states.Add(new LifecycleState(state.Id, state.Terminal, state.Period));
        }
        var stateIds = states.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var initial = file.InitialState ?? "";
        if (!stateIds.Contains(initial))
        {
            errors.Add($"{where}: the initial state '{initial}' is not defined.");
        }

        var transitions = new List<LifecycleTransition>();
        var seen = new HashSet<(string Id, string From)>();
        foreach (var t in file.Transitions ?? [])
        {
            if (string.IsNullOrWhiteSpace(t.Id))
            {
                errors.Add($"{where}: a transition has no id.");
                continue;
            }
            var at = $"{where}: transition '{t.Id}'";
            var from = t.From ?? [];
            if (from.Count == 1 && from[0] == "*")
            {
                // Any state that is not terminal, e.g. withdrawal.
                from = [.. states.Where(s => !s.Terminal && s.Id != t.To).Select(s => s.Id)];
            }
            if (from.Count == 0)
            {
                errors.Add($"{at} has no 'from' state.");
            }
            foreach (var f in from)
            {
                if (!stateIds.Contains(f))
                {
                    errors.Add($"{at} leaves unknown state '{f}'.");
                }
                else if (states.First(s => s.Id == f).Terminal)
                {
                    errors.Add($"{at} leaves terminal state '{f}'.");
                }
                if (!seen.Add((t.Id, f)))
                {
                    errors.Add($"{at} from state '{f}' is defined twice.");
                }
            }
            if (t.To is null || !stateIds.Contains(t.To))
            {
                errors.Add($"{at} goes to unknown state '{t.To}'.");
            }
            var guards = new List<Guard>();
            foreach (var text in t.Guards ?? [])
            {
                if (ParseGuard(text, at, roles, errors) is { } guard)
                {
                    if (guard.Kind == GuardKind.PeriodElapsed)
                    {
                        foreach (var f in from.Where(stateIds.Contains).Where(f => states.First(s => s.Id == f).Period is null))
                        {
                            errors.Add($"{at}: guard 'period-elapsed' needs a period on state '{f}', which has none.");
                        }
                    }
                    guards.Add(guard);
                }
            }
            transitions.Add(new LifecycleTransition(t.Id, from, t.To ?? "", guards, t.TraffickingStatus));
        }

        if (stateIds.Contains(initial))
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { initial };
            var queue = new Queue<string>([initial]);
            while (queue.TryDequeue(out var current))
            {
                foreach (var next in transitions.Where(t => t.From.Contains(current)).Select(t => t.To).Where(reached.Add))
                {
                    queue.Enqueue(next);
                }
            }
            foreach (var state in states.Where(s => !reached.Contains(s.Id)))
            {
                errors.Add($"{where}: state '{state.Id}' cannot be reached from the initial state '{initial}'.");
            }
        }
        foreach (var state in states.Where(s => !s.Terminal && !transitions.Any(t => t.From.Contains(s.Id))))
        {
            errors.Add($"{where}: state '{state.Id}' is not terminal but no transition leaves it.");
        }
        if (!states.Any(s => s.Terminal))
        {
            errors.Add($"{where}: no state is terminal; a case could never be closed.");
        }

        var weekend = new List<DayOfWeek>();
        foreach (var day in file.Calendar?.Weekend ?? ["Saturday", "Sunday"])
        {
            if (Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var parsed))
            {
                weekend.Add(parsed);
            }
            else
            {
                errors.Add($"{where}: weekend day '{day}' is not a day of the week.");
            }
        }
        var holidays = new List<HolidayRule>();
        foreach (var h in file.Calendar?.Holidays ?? [])
        {
            var forms = (h.Fixed is null ? 0 : 1) + (h.Easter is null ? 0 : 1) + (h.Date is null ? 0 : 1);
            if (forms != 1)
            {
                errors.Add($"{where}: holiday '{h.Name}' needs exactly one of 'fixed' (MM-DD), 'easter' (offset in days) or 'date' (YYYY-MM-DD).");
                continue;
            }
            if (h.Fixed is { } fixedDate)
            {
                if (fixedDate.Length == 5 && DateOnly.TryParseExact("2000-" + fixedDate, "yyyy-MM-dd", out var md))
                {
                    holidays.Add(new HolidayRule(h.Name ?? fixedDate, Month: md.Month, Day: md.Day));
                }
                else
                {
                    errors.Add($"{where}: holiday '{h.Name}' has fixed date '{fixedDate}', expected MM-DD.");
                }
            }
            else if (h.Easter is { } offset)
            {
                holidays.Add(new HolidayRule(h.Name ?? "Easter", EasterOffset: offset));
            }
            else if (DateOnly.TryParseExact(h.Date, "yyyy-MM-dd", out var date))
            {
                holidays.Add(new HolidayRule(h.Name ?? h.Date!, Date: date));
            }
            else
            {
                errors.Add($"{where}: holiday '{h.Name}' has date '{h.Date}', expected YYYY-MM-DD.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, errors));
        }
        return new LifecycleDefinition(id, file.Name ?? id, file.Source ?? "", initial, roles, file.CompetentAuthorityOrganisationTypes ?? [],
            periods, serviceResponse, states, transitions, new WorkingDayCalendar(timeZone, weekend, holidays));
    }

    private static PeriodLength? ParsePeriod(PeriodFile period, string at, List<string> errors)
    {
        PeriodUnit? unit = period.Unit switch
        {
            "days" or "calendar-days" => PeriodUnit.CalendarDays,
            "working-days" => PeriodUnit.WorkingDays,
            "months" => PeriodUnit.Months,
            _ => null,
        };
        if (unit is null)
        {
            errors.Add($"{at}: unit '{period.Unit}' is not one of days, working-days, months.");
            return null;
        }
        if (period.Length is not > 0)
        {
            errors.Add($"{at}: length must be a positive number.");
            return null;
        }
        return new PeriodLength(period.Length.Value, unit.Value);
    }

    /// <summary>Parses <c>name</c> or <c>name:arg|arg</c>; adds a message and returns null when it cannot.</summary>
    internal static Guard? ParseGuard(string? text, string at, IReadOnlyList<string> roles, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{at}: an empty guard.");
            return null;
        }
        // Checked first and on the whole text, so that no spelling of a guard or field can smuggle it in.
        if (text.Contains("cooperat", StringComparison.OrdinalIgnoreCase) || text.Contains("co-operat", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{at}: guard '{text}' refers to cooperation with the authorities; assistance and decisions must not depend on it (CoE Convention art. 12(6)).");
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim();
        var arguments = colon < 0 ? [] : text[(colon + 1)..].Split('|', StringSplitOptions.TrimEntries);
        GuardKind? kind = name switch
        {
            "role" => GuardKind.Role,
            "requester" => GuardKind.Requester,
            "required" => GuardKind.Required,
            "consent" => GuardKind.Consent,
            "guardian" => GuardKind.Guardian,
            "period-elapsed" => GuardKind.PeriodElapsed,
            _ => null,
        };
        if (kind is null)
        {
            errors.Add($"{at}: guard '{text}' is not understood (known: role:R|R, requester:R|R, required:FIELD, consent:referral, guardian, period-elapsed).");
            return null;
        }
        var needsArguments = kind is GuardKind.Role or GuardKind.Requester or GuardKind.Required or GuardKind.Consent;
        if (needsArguments && (arguments.Length == 0 || arguments.Any(string.IsNullOrEmpty)))
        {
            errors.Add($"{at}: guard '{text}' needs arguments after ':' (e.g. '{name}:value').");
            return null;
        }
        if (!needsArguments && arguments.Length > 0)
        {
            errors.Add($"{at}: guard '{text}' takes no arguments.");
            return null;
        }
        if (kind is GuardKind.Role or GuardKind.Requester)
        {
            foreach (var role in arguments.Where(r => !roles.Contains(r)))
            {
                errors.Add($"{at}: guard '{text}' names unknown role '{role}' (declared: {string.Join(", ", roles)}).");
            }
        }
        if (kind is GuardKind.Consent && !(arguments is ["referral"]))
        {
            errors.Add($"{at}: guard '{text}': only 'consent:referral' is supported.");
            return null;
        }
        return new Guard(kind.Value, arguments, text);
    }

    private sealed record DefinitionFile(
        string? Jurisdiction,
        string? Name,
        string? Source,
        string? TimeZone,
        string? InitialState,
        List<string>? Roles,
        List<string>? CompetentAuthorityOrganisationTypes,
        Dictionary<string, PeriodFile>? Periods,
        PeriodFile? ServiceReferralResponse,
        List<StateFile>? States,
        List<TransitionFile>? Transitions,
        CalendarFile? Calendar);

    private sealed record PeriodFile(int? Length, string? Unit);

    private sealed record StateFile(string? Id, bool Terminal, string? Period);

    private sealed record TransitionFile(string? Id, List<string>? From, string? To, List<string>? Guards, string? TraffickingStatus);

    private sealed record CalendarFile(List<string>? Weekend, List<HolidayFile>? Holidays);

    private sealed record HolidayFile(string? Name, string? Fixed, int? Easter, string? Date);
}

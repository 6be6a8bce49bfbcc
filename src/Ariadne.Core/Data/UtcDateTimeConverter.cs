using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ariadne.Core.Data;

/// <summary>Stores <see cref="DateTime"/> as UTC and marks values read back as <see cref="DateTimeKind.Utc"/>.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

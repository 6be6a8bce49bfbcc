namespace Ariadne.Core.Common;

/// <summary>The bounds every paged list (cases, audit log) accepts, and the offset arithmetic that cannot overflow.</summary>
public static class Paging
{
    /// <summary>The highest page number accepted: far beyond any real list, and (MaxPage - 1) × 500 still fits an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>
    /// The number of rows before <paramref name="page"/> (from 1), computed without overflow: a page beyond
    /// <see cref="int.MaxValue"/> rows gives <see cref="int.MaxValue"/> (an empty page), never a negative offset that
    /// would wrap round to the first page.
    /// </summary>
    public static int Offset(int page, int pageSize) =>
        (int)Math.Min((long)Math.Max(page - 1L, 0) * Math.Max(pageSize, 0), int.MaxValue);
}

/// <summary>A page of results with the total count of matching rows.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}

namespace Ariadne.Core.ImportExport;

/// <summary>
/// One reason a row (or, with <see cref="Row"/> 1, the header) of an import file was rejected: the one row-error
/// record of every importer (cases, GLOTIP, CTDC).
/// </summary>
/// <param name="Row">The row as a spreadsheet shows it (the sheet's first row is row 1): the header of a case or CTDC file is row 1, its first data row 2.</param>
/// <param name="Column">The layout column, <c>#N</c> for an unnamed column N, or <c>header</c>/<c>row</c> for the whole header or row.</param>
/// <param name="Reason">One English sentence.</param>
public sealed record ImportError(int Row, string Column, string Reason)
{
    public override string ToString() => $"row {Row}, column {Column}: {Reason}";
}

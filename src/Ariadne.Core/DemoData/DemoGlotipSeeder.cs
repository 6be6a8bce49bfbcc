using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.DemoData;

/// <summary>
/// Loads UNODC's GLOTIP country data (<c>data_glotip.xlsx</c>, 14 April 2025, shipped with the demo; provenance in
/// <c>tests/data/ctdc/SOURCE.md</c>) into a demo database, so that the country profiles have figures to show. Leaves
/// GLOTIP data already loaded as they are.
/// </summary>
public sealed class DemoGlotipSeeder(AppDbContext db)
{
    /// <summary>The embedded workbook's resource name.</summary>
    public const string Resource = "Ariadne.DemoData.data_glotip.xlsx";

    /// <summary>Imports the shipped GLOTIP file unless GLOTIP data are loaded; returns the rows stored (0 when skipped).</summary>
    /// <exception cref="InvalidDataException">The shipped file does not import (a packaging error).</exception>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<GlotipStatistic>().AnyAsync(cancellationToken))
        {
            return 0;
        }
        await using var stream = typeof(DemoGlotipSeeder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidDataException($"The demo GLOTIP file {Resource} is not embedded.");
        var result = await new GlotipStore(db).ImportAsync(stream, "data_glotip.xlsx", cancellationToken);
        if (result.Errors.Count > 0)
        {
            throw new InvalidDataException($"The demo GLOTIP file does not import: {result.Errors[0]}");
        }
        return result.Stored;
    }
}

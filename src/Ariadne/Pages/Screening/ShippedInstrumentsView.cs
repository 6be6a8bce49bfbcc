using Ariadne.Analytics.Screening;
using Ariadne.Core.Screening;

namespace Ariadne.Pages.Screening;

/// <summary>The instrument the screening form shows: the latest shipped version of the default instrument.</summary>
public static class ShippedInstrumentsView
{
    public static ScreeningInstrument Instrument => InstrumentCatalogue.FindShipped(ShippedInstruments.DefaultId)!.Instrument;
}

namespace Ariadne.Tests.Statistics.MapBaking;

/// <summary>
/// Cuts rings that cross the 180° meridian (Fiji, Russia's Chukotka in Natural Earth), which would otherwise be drawn
/// as a band across the whole map: the ring is made continuous (longitudes beyond ±180°), clipped to each side of the
/// meridian (Sutherland–Hodgman against one vertical line) and the far part shifted back by 360°.
/// </summary>
public static class Antimeridian
{
    /// <summary>The ring itself when it does not cross 180°, else its parts on either side (each closed, longitudes in −180…180).</summary>
    public static IReadOnlyList<(double Longitude, double Latitude)[]> Cut((double Longitude, double Latitude)[] ring)
    {
        var crosses = false;
        for (var i = 1; i < ring.Length && !crosses; i++)
        {
            crosses = Math.Abs(ring[i].Longitude - ring[i - 1].Longitude) > 180;
        }
        if (!crosses)
        {
            return [ring];
        }
        var unwrapped = new (double Longitude, double Latitude)[ring.Length];
        unwrapped[0] = ring[0];
        for (var i = 1; i < ring.Length; i++)
        {
            var longitude = ring[i].Longitude;
            while (longitude - unwrapped[i - 1].Longitude > 180)
            {
                longitude -= 360;
            }
            while (longitude - unwrapped[i - 1].Longitude < -180)
            {
                longitude += 360;
            }
            unwrapped[i] = (longitude, ring[i].Latitude);
        }
        // Beyond +180 or below −180: the meridian to cut at, and the shift that brings the far side back.
        var meridian = unwrapped.Max(p => p.Longitude) > 180 ? 180.0 : -180.0;
        var parts = new List<(double, double)[]>();
        foreach (var west in new[] { true, false })
        {
            var clipped = Clip(unwrapped, meridian, west);
            if (clipped.Count >= 3)
            {
                // The far side is east of +180° or west of −180°.
                var offset = meridian > 0 ? (west ? 0 : -360) : (west ? 360 : 0);
                clipped.Add(clipped[0]);
                parts.Add([.. clipped.Select(p => (p.Longitude + offset, p.Latitude))]);
            }
        }
        return parts;
    }

    /// <summary>The part of a closed ring west (or east) of <paramref name="meridian"/>, open (first point not repeated).</summary>
    private static List<(double Longitude, double Latitude)> Clip((double Longitude, double Latitude)[] ring, double meridian, bool keepWest)
    {
        bool Inside((double Longitude, double Latitude) p) => keepWest ? p.Longitude <= meridian : p.Longitude >= meridian;
        var result = new List<(double Longitude, double Latitude)>();
        for (var i = 0; i < ring.Length - 1; i++)
        {
            var (p, q) = (ring[i], ring[i + 1]);
            if (Inside(p))
            {
                result.Add(p);
            }
            if (Inside(p) != Inside(q))
            {
                var t = (meridian - p.Longitude) / (q.Longitude - p.Longitude);
                result.Add((meridian, p.Latitude + t * (q.Latitude - p.Latitude)));
            }
        }
        return result;
    }
}

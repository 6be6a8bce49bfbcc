namespace Ariadne.Tests.Statistics.MapBaking;

/// <summary>
/// The Equal Earth projection: equal-area, pseudocylindrical, for world maps.
/// Formula from B. Šavrič, T. Patterson, B. Jenny, "The Equal Earth map projection",
/// International Journal of Geographical Information Science 33(3), 2019, 454–465 (doi:10.1080/13658816.2018.1504949):
/// θ = asin(√3/2 · sin φ); x = 2√3 λ cos θ / (3 (A1 + 3 A2 θ² + θ⁶ (7 A3 + 9 A4 θ²))); y = θ (A1 + A2 θ² + θ⁶ (A3 + A4 θ²)).
/// </summary>
public static class EqualEarth
{
    public const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;

    /// <summary>√3 / 2, the parametric latitude factor.</summary>
    public static readonly double M = Math.Sqrt(3) / 2;

    /// <summary>Half the width of the map on the unit sphere: x at longitude 180° on the equator, π / (M · A1).</summary>
    public static readonly double MaxX = Math.PI / (M * A1);

    /// <summary>
    /// Projects a point given in degrees (longitude −180…180, latitude −90…90) onto the unit sphere's map plane;
    /// x grows eastwards and y northwards, (0, 0) maps to (0, 0).
    /// </summary>
    public static (double X, double Y) Project(double longitude, double latitude)
    {
        var lambda = longitude * Math.PI / 180;
        var phi = latitude * Math.PI / 180;
        var theta = Math.Asin(M * Math.Sin(phi));
        var t2 = theta * theta;
        var t6 = t2 * t2 * t2;
        var x = lambda * Math.Cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
        var y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
        return (x, y);
    }
}

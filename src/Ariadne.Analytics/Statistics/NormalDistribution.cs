namespace Ariadne.Analytics.Statistics;

/// <summary>
/// The standard normal distribution function Φ and the complementary error function, accurate to about 1e-15
/// relative over the whole real line, with logarithms that stay finite far in the tails (where Φ underflows).
/// </summary>
/// <remarks>
/// W. J. Cody, "Rational Chebyshev approximations for the error function", Mathematics of Computation 23 (1969)
/// 631–637, with the coefficient sets of Netlib SPECFUN <c>CALERF</c>: erf on |x| ≤ 0.46875, erfc·e^{x²} on
/// 0.46875 &lt; |x| ≤ 4 and an asymptotic form beyond. e^{−x²} is evaluated as e^{−s²}·e^{−(x−s)(x+s)} with s = x
/// rounded down to a sixteenth, as CALERF does, to keep the relative accuracy for large x.
/// </remarks>
public static class NormalDistribution
{
    private const double OneOverSqrtPi = 5.6418958354775628695e-1;
    private const double Sqrt2 = 1.4142135623730950488;

    private static readonly double[] A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];

    private static readonly double[] C =
    [
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
        1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8,
    ];

    private static readonly double[] D =
    [
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
        4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03,
    ];

    private static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>erfc(x) = 1 − erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        var y = Math.Abs(x);
        if (y <= 0.46875)
        {
            return 1 - Erf(x);
        }
        // erfc(y) for y > 0.46875 as e^{−y²}·R(y).
        var (square, rest) = Square(y);
        var upper = y > 26.6 ? 0.0 : Math.Exp(-square) * Math.Exp(-rest) * Scaled(y);
        return x < 0 ? 2 - upper : upper;
    }

    /// <summary>ln erfc(x), finite for every finite x (erfc(40) underflows, its logarithm does not).</summary>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x <= 0.46875)
        {
            return Math.Log(Erfc(x));
        }
        if (double.IsPositiveInfinity(x))
        {
            return double.NegativeInfinity;
        }
        var (square, rest) = Square(x);
        return -square - rest + Math.Log(Scaled(x));
    }

    /// <summary>Φ(x), the standard normal distribution function.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Sqrt2);

    /// <summary>ln Φ(x), finite far into the lower tail.</summary>
    public static double LogCdf(double x)
    {
        if (x <= 0)
        {
            return Math.Log(0.5) + LogErfc(-x / Sqrt2);
        }
        // ln(1 − q) with q = Φ(−x): the series for small q avoids the cancellation in 1 − q.
        var q = Cdf(-x);
        if (q >= 1e-3)
        {
            return Math.Log(1 - q);
        }
        var sum = 0.0;
        var power = 1.0;
        for (var k = 1; k <= 7; k++)
        {
            power *= q;
            sum -= power / k;
        }
        return sum;
    }

    private static double Erf(double x)
    {
        var y = Math.Abs(x);
        var ysq = y > 1.11e-16 ? y * y : 0.0;
        var num = A[4] * ysq;
        var den = ysq;
        for (var i = 0; i < 3; i++)
        {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return x * (num + A[3]) / (den + B[3]);
    }

    /// <summary>e^{y²}·erfc(y) for y &gt; 0.46875.</summary>
    private static double Scaled(double y)
    {
        if (y <= 4)
        {
            var num = C[8] * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        var z = 1 / (y * y);
        var pn = P[5] * z;
        var qd = z;
        for (var i = 0; i < 4; i++)
        {
            pn = (pn + P[i]) * z;
            qd = (qd + Q[i]) * z;
        }
        return (OneOverSqrtPi - z * (pn + P[4]) / (qd + Q[4])) / y;
    }

    /// <summary>y² split as CALERF does, s² + (y − s)(y + s) with s = ⌊16y⌋/16, so that e^{−y²} keeps its relative accuracy.</summary>
    private static (double Square, double Remainder) Square(double y)
    {
        var s = Math.Floor(16 * y) / 16;
        return (s * s, (y - s) * (y + s));
    }
}

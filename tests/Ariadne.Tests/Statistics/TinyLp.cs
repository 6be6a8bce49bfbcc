namespace Ariadne.Tests.Statistics;

/// <summary>
/// A small dense two-phase simplex (Bland's rule, no cycling) for the disclosure tests: minimise c·x subject to
/// A x = b, x ≥ 0. Independent of the product's suppression code on purpose.
/// </summary>
internal static class TinyLp
{
    private const double Eps = 1e-9;

    /// <summary>The minimum, or −∞ when unbounded.</summary>
    /// <exception cref="InvalidOperationException">The constraints have no solution.</exception>
    public static double Minimise(double[][] a, double[] b, double[] c)
    {
        var m = a.Length;
        var n = c.Length;
        var width = n + m + 1;
        var rhs = n + m;
        var t = new double[m + 1][];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            t[i] = new double[width];
            var sign = b[i] < 0 ? -1 : 1;
            for (var j = 0; j < n; j++)
            {
                t[i][j] = sign * a[i][j];
            }
            t[i][n + i] = 1;
            t[i][rhs] = sign * b[i];
            basis[i] = n + i;
        }
        var obj = t[m] = new double[width];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                obj[j] -= t[i][j];
            }
            obj[rhs] -= t[i][rhs];
        }
        Run(t, basis, n + m, m, rhs);
        if (-obj[rhs] > 1e-7)
        {
            throw new InvalidOperationException("Infeasible.");
        }
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n)
            {
                continue;
            }
            for (var j = 0; j < n; j++)
            {
                if (Math.Abs(t[i][j]) > Eps)
                {
                    Pivot(t, basis, i, j, rhs);
                    break;
                }
            }
        }
        Array.Clear(obj);
        for (var j = 0; j < n; j++)
        {
            obj[j] = c[j];
        }
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n && c[basis[i]] != 0)
            {
                var f = c[basis[i]];
                for (var j = 0; j < width; j++)
                {
                    obj[j] -= f * t[i][j];
                }
            }
        }
        return Run(t, basis, n, m, rhs) ? -obj[rhs] : double.NegativeInfinity;
    }

    /// <summary>Pivots until optimal (true) or unbounded (false); only columns below <paramref name="enter"/> may enter.</summary>
    private static bool Run(double[][] t, int[] basis, int enter, int m, int rhs)
    {
        var obj = t[m];
        while (true)
        {
            var s = -1;
            for (var j = 0; j < enter; j++)
            {
                if (obj[j] < -Eps)
                {
                    s = j;
                    break;
                }
            }
            if (s < 0)
            {
                return true;
            }
            var r = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                if (t[i][s] > Eps)
                {
                    var ratio = t[i][rhs] / t[i][s];
                    if (ratio < best - Eps || (Math.Abs(ratio - best) <= Eps && basis[i] < basis[r]))
                    {
                        best = ratio;
                        r = i;
                    }
                }
            }
            if (r < 0)
            {
                return false;
            }
            Pivot(t, basis, r, s, rhs);
        }
    }

    private static void Pivot(double[][] t, int[] basis, int r, int s, int rhs)
    {
        var row = t[r];
        var p = row[s];
        for (var j = 0; j <= rhs; j++)
        {
            row[j] /= p;
        }
        for (var i = 0; i < t.Length; i++)
        {
            if (i == r || t[i][s] == 0)
            {
                continue;
            }
            var f = t[i][s];
            for (var j = 0; j <= rhs; j++)
            {
                t[i][j] -= f * row[j];
            }
        }
        basis[r] = s;
    }
}

namespace Ariadne.Analytics.Estimation;

/// <summary>
/// Maximum-likelihood fit of a Poisson log-linear model <c>log μ = offset + Xβ</c> by iteratively reweighted least
/// squares, as R's <c>glm(family = poisson)</c> does it: start at <c>μ = y + 0.1</c>, stop when the deviance changes
/// by less than 1e-8 relative, at most 100 iterations. Small dense problems only (a few dozen cells and parameters).
/// </summary>
internal static class PoissonLogLinear
{
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-8;

    /// <summary>
    /// A fitted model. <see cref="Identifiable"/> is false when <c>X'X</c> is singular (the design cannot separate the
    /// parameters); <see cref="Converged"/> is false when the iterations did not settle, or when <c>X'WX</c> became
    /// singular on the way because fitted cells vanished (a diverging fit: the estimate does not exist).
    /// </summary>
    internal sealed record Fit(double[] Coefficients, double[] StandardErrors, double[] Fitted, double LogLikelihood, double Deviance, bool Converged, bool Identifiable);

    /// <param name="design">Row i holds cell i's covariates.</param>
    /// <param name="counts">The observed count of each cell.</param>
    /// <param name="offset">A fixed term added to every linear predictor (a profiled intercept), or 0.</param>
    /// <param name="start">Coefficients to start from (a neighbouring fit), or null to start from the data.</param>
    internal static Fit Estimate(double[][] design, double[] counts, double offset = 0, double[]? start = null)
    {
        var n = counts.Length;
        var p = design.Length == 0 ? 0 : design[0].Length;
        var beta = new double[p];
        var eta = new double[n];
        var mu = new double[n];
        if (start is not null)
        {
            Array.Copy(start, beta, p);
            Predict(design, beta, offset, eta, mu);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                mu[i] = counts[i] + 0.1;
                eta[i] = Math.Log(mu[i]);
            }
        }
        var deviance = Deviance(counts, mu);
        var information = new double[p, p];
        var converged = false;
        var identifiable = IsFullRank(design, p);
        for (var iteration = 0; identifiable && iteration < MaxIterations; iteration++)
        {
            // Working response z = η − offset + (y − μ)/μ with weights μ; solve (X'WX)β = X'Wz.
            var rhs = new double[p];
            Array.Clear(information);
            for (var i = 0; i < n; i++)
            {
                var w = mu[i];
                var z = eta[i] - offset + (counts[i] - mu[i]) / mu[i];
                var row = design[i];
                for (var a = 0; a < p; a++)
                {
                    var wa = w * row[a];
                    rhs[a] += wa * z;
                    for (var b = 0; b <= a; b++)
                    {
                        information[a, b] += wa * row[b];
                    }
                }
            }
            if (!Cholesky.TrySolve(information, rhs, out var next))
            {
                break;
            }
            beta = next;
            Predict(design, beta, offset, eta, mu);
            var previous = deviance;
            deviance = Deviance(counts, mu);
            if (Math.Abs(deviance - previous) / (Math.Abs(deviance) + 0.1) < Tolerance)
            {
                converged = true;
                break;
            }
        }
        var errors = new double[p];
        if (converged)
        {
            // The final information matrix at the fitted μ gives the standard errors.
            Array.Clear(information);
            for (var i = 0; i < n; i++)
            {
                var row = design[i];
                for (var a = 0; a < p; a++)
                {
                    for (var b = 0; b <= a; b++)
                    {
                        information[a, b] += mu[i] * row[a] * row[b];
                    }
                }
            }
            if (Cholesky.TryInvertDiagonal(information, out var diagonal))
            {
                for (var a = 0; a < p; a++)
                {
                    errors[a] = Math.Sqrt(diagonal[a]);
                }
            }
            else
            {
                converged = false;
            }
        }
        return new Fit(beta, errors, mu, LogLikelihood(counts, mu), deviance, converged, identifiable);
    }

    private static bool IsFullRank(double[][] design, int p)
    {
        var product = new double[p, p];
        foreach (var row in design)
        {
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    product[a, b] += row[a] * row[b];
                }
            }
        }
        return Cholesky.TrySolve(product, new double[p], out _);
    }

    private static void Predict(double[][] design, double[] beta, double offset, double[] eta, double[] mu)
    {
        for (var i = 0; i < eta.Length; i++)
        {
            var sum = offset;
            var row = design[i];
            for (var a = 0; a < beta.Length; a++)
            {
                sum += row[a] * beta[a];
            }
            eta[i] = sum;
            // Bounded so that a diverging fit (an estimate that does not exist) stays finite and is detected by the caller.
            mu[i] = Math.Exp(Math.Clamp(sum, -700, 700));
        }
    }

    /// <summary>The Poisson deviance 2 Σ [y log(y/μ) − (y − μ)].</summary>
    internal static double Deviance(double[] counts, double[] mu)
    {
        var sum = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            sum += (counts[i] > 0 ? counts[i] * Math.Log(counts[i] / mu[i]) : 0) - (counts[i] - mu[i]);
        }
        return 2 * sum;
    }

    /// <summary>The Poisson log-likelihood Σ [y log μ − μ − log y!].</summary>
    internal static double LogLikelihood(double[] counts, double[] mu)
    {
        var sum = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            sum += (counts[i] > 0 ? counts[i] * Math.Log(mu[i]) : 0) - mu[i] - LogFactorial(counts[i]);
        }
        return sum;
    }

    private static double LogFactorial(double k)
    {
        var sum = 0.0;
        for (var i = 2; i <= k; i++)
        {
            sum += Math.Log(i);
        }
        return sum;
    }
}

/// <summary>Cholesky factorisation of a small symmetric positive-definite matrix given by its lower triangle.</summary>
internal static class Cholesky
{
    /// <summary>Relative size below which a pivot counts as zero: the matrix is (numerically) singular.</summary>
    private const double SingularPivot = 1e-10;

    internal static bool TrySolve(double[,] lower, double[] rhs, out double[] solution)
    {
        var p = rhs.Length;
        solution = [];
        if (!TryFactor(lower, out var l))
        {
            return false;
        }
        var y = new double[p];
        for (var i = 0; i < p; i++)
        {
            var sum = rhs[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i, k] * y[k];
            }
            y[i] = sum / l[i, i];
        }
        solution = new double[p];
        for (var i = p - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < p; k++)
            {
                sum -= l[k, i] * solution[k];
            }
            solution[i] = sum / l[i, i];
        }
        return true;
    }

    /// <summary>The diagonal of the inverse (the variances of the estimates).</summary>
    internal static bool TryInvertDiagonal(double[,] lower, out double[] diagonal)
    {
        var p = lower.GetLength(0);
        diagonal = new double[p];
        if (!TryFactor(lower, out var l))
        {
            return false;
        }
        // A⁻¹ = L⁻ᵀL⁻¹, so (A⁻¹)_jj = Σ_i (L⁻¹)_ij²: column j of L⁻¹ by forward substitution (L x = e_j).
        var column = new double[p];
        for (var j = 0; j < p; j++)
        {
            column[j] = 1 / l[j, j];
            var sumOfSquares = column[j] * column[j];
            for (var i = j + 1; i < p; i++)
            {
                var sum = 0.0;
                for (var k = j; k < i; k++)
                {
                    sum -= l[i, k] * column[k];
                }
                column[i] = sum / l[i, i];
                sumOfSquares += column[i] * column[i];
            }
            diagonal[j] = sumOfSquares;
        }
        return true;
    }

    private static bool TryFactor(double[,] lower, out double[,] l)
    {
        var p = lower.GetLength(0);
        l = new double[p, p];
        var scale = 0.0;
        for (var i = 0; i < p; i++)
        {
            scale = Math.Max(scale, Math.Abs(lower[i, i]));
        }
        for (var j = 0; j < p; j++)
        {
            var sum = lower[j, j];
            for (var k = 0; k < j; k++)
            {
                sum -= l[j, k] * l[j, k];
            }
            if (sum <= SingularPivot * Math.Max(scale, 1e-300))
            {
                return false;
            }
            l[j, j] = Math.Sqrt(sum);
            for (var i = j + 1; i < p; i++)
            {
                var s = lower[i, j];
                for (var k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }
                l[i, j] = s / l[j, j];
            }
        }
        return true;
    }
}

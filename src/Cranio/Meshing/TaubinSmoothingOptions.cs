namespace Cranio.Meshing;

/// <summary>
/// Settings of <see cref="TaubinSmoothing"/>. Immutable and validated on construction. The pass-band frequency
/// is k_PB = 1/λ + 1/μ (0.113 for the defaults): curvature at lower frequencies (the shape) is kept, higher
/// frequencies (the voxel staircase) are damped.
/// </summary>
public sealed class TaubinSmoothingOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="lambda">Shrinking factor λ, 0 &lt; λ &lt; 1; default 0.5.</param>
    /// <param name="mu">Inflating factor μ, negative with |μ| &gt; λ (so k_PB &gt; 0) and |μ| &lt; 1; default −0.53.</param>
    /// <param name="iterations">Number of λ/μ pass pairs, ≥ 0; default 20.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the message says which and what was given.</exception>
    public TaubinSmoothingOptions(double lambda = 0.5, double mu = -0.53, int iterations = 20)
    {
        if (!(lambda > 0 && lambda < 1))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"Lambda must be in (0, 1); got {lambda}.");
        if (!(mu < -lambda && mu > -1))
            throw new ArgumentOutOfRangeException(nameof(mu), mu, $"Mu must be in (−1, −lambda) = (−1, {-lambda}); got {mu}.");
        if (iterations < 0)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"Iterations must be ≥ 0; got {iterations}.");
        Lambda = lambda;
        Mu = mu;
        Iterations = iterations;
    }

    /// <summary>Shrinking factor λ; default 0.5.</summary>
    public double Lambda { get; }

    /// <summary>Inflating factor μ; default −0.53.</summary>
    public double Mu { get; }

    /// <summary>Number of λ/μ pass pairs; default 20.</summary>
    public int Iterations { get; }
}

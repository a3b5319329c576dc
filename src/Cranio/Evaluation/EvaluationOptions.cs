namespace Cranio.Evaluation;

/// <summary>Settings of a case evaluation, validated on construction.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="boundaryWidthMm">Width in mm of the border region of bDSC around the defective skull (finite, &gt; 0); default 10.</param>
    /// <param name="surfaceDistances">Whether to compute the surface metrics (HD, HD95, surface deviation); default true.</param>
    /// <exception cref="ArgumentOutOfRangeException">The width is not finite and positive.</exception>
    public EvaluationOptions(double boundaryWidthMm = BoundaryDice.DefaultWidthMm, bool surfaceDistances = true)
    {
        BoundaryDice.ValidateWidth(boundaryWidthMm);
        BoundaryWidthMm = boundaryWidthMm;
        SurfaceDistances = surfaceDistances;
    }

    /// <summary>The defaults: 10 mm border, surface metrics on.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Width in mm of the border region of bDSC.</summary>
    public double BoundaryWidthMm { get; }

    /// <summary>Whether the surface metrics are computed (otherwise they are NaN).</summary>
    public bool SurfaceDistances { get; }
}

using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// A smooth random displacement field for elastic deformation of a defect border:
/// d(p) = (A / n) · Σⱼ aⱼ · sin(2π/λ · kⱼ·p + φⱼ), with n = <see cref="Terms"/> random unit directions kⱼ and
/// aⱼ and phases φⱼ drawn from <see cref="Xoshiro256"/> with <see cref="Seed"/>. |d(p)| ≤ A everywhere and the
/// field varies on the length scale λ, so it bends a border without tearing it.
/// </summary>
public sealed record SmoothDisplacementField
{
    private readonly Vec3[] _waves;
    private readonly Vec3[] _amplitudes;
    private readonly double[] _phases;

    /// <summary>Creates the field.</summary>
    /// <param name="amplitude">A: maximum displacement in mm (≥ 0; 0 means no deformation).</param>
    /// <param name="wavelength">λ: wavelength of the Fourier terms in mm (&gt; 0).</param>
    /// <param name="seed">Seed of the random directions and phases.</param>
    /// <param name="terms">Number of Fourier terms n (1…64, default 8).</param>
    public SmoothDisplacementField(double amplitude, double wavelength, ulong seed, int terms = 8)
    {
        if (!(double.IsFinite(amplitude) && amplitude >= 0))
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, $"Displacement amplitude must be a finite length ≥ 0 mm; got {amplitude}.");
        if (!(double.IsFinite(wavelength) && wavelength > 0))
            throw new ArgumentOutOfRangeException(nameof(wavelength), wavelength, $"Displacement wavelength must be a finite length > 0 mm; got {wavelength}.");
        if (terms is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(terms), terms, $"Displacement terms must be 1…64; got {terms}.");
        Amplitude = amplitude;
        Wavelength = wavelength;
        Seed = seed;
        Terms = terms;
        var random = new Xoshiro256(seed);
        _waves = new Vec3[terms];
        _amplitudes = new Vec3[terms];
        _phases = new double[terms];
        double k = 2 * Math.PI / wavelength;
        for (int j = 0; j < terms; j++)
        {
            _waves[j] = random.UnitVector() * k;
            _amplitudes[j] = random.UnitVector() * (amplitude / terms);
            _phases[j] = random.Uniform(0, 2 * Math.PI);
        }
    }

    /// <summary>Maximum displacement A in mm.</summary>
    public double Amplitude { get; }

    /// <summary>Wavelength λ in mm.</summary>
    public double Wavelength { get; }

    /// <summary>Seed of the field.</summary>
    public ulong Seed { get; }

    /// <summary>Number of Fourier terms.</summary>
    public int Terms { get; }

    /// <summary>The displacement d(p) in mm at <paramref name="point"/> (mm, LPS).</summary>
    public Vec3 At(Vec3 point)
    {
        if (Amplitude == 0) return Vec3.Zero;
        double x = 0, y = 0, z = 0;
        for (int j = 0; j < _waves.Length; j++)
        {
            double s = Math.Sin(_waves[j].Dot(point) + _phases[j]);
            x += _amplitudes[j].X * s;
            y += _amplitudes[j].Y * s;
            z += _amplitudes[j].Z * s;
        }
        return new Vec3(x, y, z);
    }

    /// <summary>
    /// Writes d(start + i·step) for i = 0 … displacements.Length − 1. Each term's sine is advanced along the row by the
    /// angle-addition recurrence (two multiply-adds instead of a sine per point); the result equals
    /// <see cref="At"/> to within about 1e-12 mm.
    /// </summary>
    public void AlongRow(Vec3 start, Vec3 step, Span<Vec3> displacements)
    {
        displacements.Clear();
        if (Amplitude == 0) return;
        for (int j = 0; j < _waves.Length; j++)
        {
            double phase = _waves[j].Dot(start) + _phases[j], delta = _waves[j].Dot(step);
            double s = Math.Sin(phase), c = Math.Cos(phase), sd = Math.Sin(delta), cd = Math.Cos(delta);
            Vec3 a = _amplitudes[j];
            for (int i = 0; i < displacements.Length; i++)
            {
                displacements[i] += a * s;
                double next = s * cd + c * sd;
                c = c * cd - s * sd;
                s = next;
            }
        }
    }

    /// <summary>Equal when amplitude, wavelength, seed and terms are equal (the random parts follow from them).</summary>
    public bool Equals(SmoothDisplacementField? other) =>
        other is not null && Amplitude == other.Amplitude && Wavelength == other.Wavelength && Seed == other.Seed && Terms == other.Terms;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Amplitude, Wavelength, Seed, Terms);
}

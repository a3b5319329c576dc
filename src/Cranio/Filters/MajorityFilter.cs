using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Median smoothing of a binary mask: a voxel becomes 1 when more than half of the voxels of the ball of radius
/// <see cref="RadiusMm"/> around it (see <see cref="BallFootprint"/>) are non-zero, else 0. Because the ball's
/// voxel count N is odd this is exactly the median of the 0/1 values in the ball.
/// </summary>
/// <remarks>
/// <para>Borders: voxels outside the volume count as background (0) but still belong to the ball, so N is the
/// same everywhere and an object touching the border erodes there.</para>
/// <para>Algorithm: prefix sums along every x-row (16-bit, wrapping, exact for runs shorter than 65536), then per
/// output row the count is Σ over the ball's chords of a prefix difference — O(number of chords) per voxel,
/// vectorised along x and parallel over z. Rows without any 1 are skipped. The ball may hold at most 65535
/// voxels (about a 25-voxel radius).</para>
/// <para>The output is a new 0/1 mask on the input grid with the input's metadata; any non-zero input voxel counts as 1.</para>
/// </remarks>
public sealed class MajorityFilter
{
    /// <summary>Largest ball, in voxels, the 16-bit counters support.</summary>
    public const int MaxBallVoxels = ushort.MaxValue;

    /// <summary>Creates the filter.</summary>
    /// <param name="radiusMm">Ball radius in mm (finite, ≥ 0; 0 returns a copy). Papers use 2 mm on 0.45 mm voxels.</param>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or not finite.</exception>
    public MajorityFilter(double radiusMm)
    {
        if (!double.IsFinite(radiusMm) || radiusMm < 0)
            throw new ArgumentOutOfRangeException(nameof(radiusMm), radiusMm, $"Radius must be a finite, non-negative number of mm; got {radiusMm}.");
        RadiusMm = radiusMm;
    }

    /// <summary>Ball radius in mm.</summary>
    public double RadiusMm { get; }

    /// <summary>Smooths <paramref name="mask"/> with a ball of <paramref name="radiusMm"/> mm (see <see cref="MajorityFilter"/>).</summary>
    public static Volume<byte> Smooth(Volume<byte> mask, double radiusMm) => new MajorityFilter(radiusMm).Apply(mask);

    /// <summary>Applies the filter; the result is a new mask on the same grid.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ball on this grid holds more than <see cref="MaxBallVoxels"/> voxels.</exception>
    public Volume<byte> Apply(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var ball = BallFootprint.Create(mask.Grid, RadiusMm);
        if (ball.Count > MaxBallVoxels)
            throw new ArgumentOutOfRangeException("radiusMm", RadiusMm,
                $"A radius of {RadiusMm} mm on spacing {mask.Grid.Spacing} mm gives a ball of {ball.Count} voxels; the majority filter supports at most {MaxBallVoxels}.");
        var result = mask.SameGrid<byte>();
        new Worker(mask, result, ball).Run();
        return result;
    }

    private sealed class Worker
    {
        private readonly Volume<byte> _mask;
        private readonly Volume<byte> _result;
        private readonly BallFootprint.Chord[] _chords;
        private readonly int _half;
        private readonly int _pad;
        private readonly int _rowLength;
        private readonly ushort[] _prefix;
        private readonly bool[] _rowHasOnes;

        public Worker(Volume<byte> mask, Volume<byte> result, BallFootprint ball)
        {
            _mask = mask;
            _result = result;
            _chords = [.. ball.Chords];
            _half = ball.Count / 2;
            _pad = ball.ExtentX;
            Grid grid = mask.Grid;
            _rowLength = grid.SizeX + 2 * _pad + 1;
            long rows = (long)grid.SizeY * grid.SizeZ;
            if (rows * _rowLength > Array.MaxLength)
                throw new ArgumentException($"A volume of {grid.SizeX}×{grid.SizeY}×{grid.SizeZ} voxels is too large for the majority filter's row sums.", "mask");
            _prefix = new ushort[rows * _rowLength];
            _rowHasOnes = new bool[rows];
        }

        public void Run()
        {
            Grid grid = _mask.Grid;
            Parallel.For(0, grid.SizeZ, BuildPrefixSlice);
            Parallel.For(0, grid.SizeZ, FilterSlice);
        }

        /// <summary>
        /// Row layout: entry p holds P(p − pad) = number of ones among x ∈ [0, p − pad), which is 0 left of the
        /// row and the row total right of it; kept modulo 2¹⁶.
        /// </summary>
        private void BuildPrefixSlice(int z)
        {
            Grid grid = _mask.Grid;
            ReadOnlySpan<byte> slice = _mask.Slice(z);
            for (int y = 0; y < grid.SizeY; y++)
            {
                long rowIndex = y + (long)grid.SizeY * z;
                ReadOnlySpan<byte> source = slice.Slice(y * grid.SizeX, grid.SizeX);
                Span<ushort> row = _prefix.AsSpan((int)(rowIndex * _rowLength), _rowLength);
                if (source.IndexOfAnyExcept((byte)0) < 0) continue; // prefix stays all zero
                _rowHasOnes[rowIndex] = true;
                ushort sum = 0;
                int p = _pad + 1;
                foreach (byte value in source)
                {
                    if (value != 0) sum++;
                    row[p++] = sum;
                }
                row[p..].Fill(sum);
            }
        }

        private void FilterSlice(int z)
        {
            Grid grid = _mask.Grid;
            int sizeX = grid.SizeX;
            var count = new ushort[sizeX];
            Span<byte> output = _result.Slice(z);
            for (int y = 0; y < grid.SizeY; y++)
            {
                bool any = false;
                foreach (BallFootprint.Chord chord in _chords)
                {
                    int yy = y + chord.Dy, zz = z + chord.Dz;
                    if ((uint)yy >= (uint)grid.SizeY || (uint)zz >= (uint)grid.SizeZ) continue;
                    long rowIndex = yy + (long)grid.SizeY * zz;
                    if (!_rowHasOnes[rowIndex]) continue;
                    ReadOnlySpan<ushort> row = _prefix.AsSpan((int)(rowIndex * _rowLength), _rowLength);
                    if (!any) { Array.Clear(count); any = true; }
                    AddRunSums(count, row.Slice(_pad + chord.MaxDx + 1, sizeX), row.Slice(_pad + chord.MinDx, sizeX));
                }
                Span<byte> target = output.Slice(y * sizeX, sizeX);
                if (!any) continue; // the output slice is already zero
                for (int x = 0; x < sizeX; x++) target[x] = count[x] > _half ? (byte)1 : (byte)0;
            }
        }

        /// <summary>count[x] += upper[x] − lower[x], modulo 2¹⁶; the spans have equal lengths.</summary>
        private static void AddRunSums(Span<ushort> count, ReadOnlySpan<ushort> upper, ReadOnlySpan<ushort> lower)
        {
            ref ushort c = ref MemoryMarshal.GetReference(count);
            ref ushort u = ref MemoryMarshal.GetReference(upper);
            ref ushort l = ref MemoryMarshal.GetReference(lower);
            nuint length = (nuint)count.Length, x = 0;
            if (Vector.IsHardwareAccelerated && length >= (nuint)Vector<ushort>.Count)
            {
                nuint width = (nuint)Vector<ushort>.Count;
                for (; x <= length - width; x += width)
                {
                    var sum = Vector.LoadUnsafe(ref c, x) + (Vector.LoadUnsafe(ref u, x) - Vector.LoadUnsafe(ref l, x));
                    sum.StoreUnsafe(ref c, x);
                }
            }
            for (; x < length; x++)
                Unsafe.Add(ref c, x) = unchecked((ushort)(Unsafe.Add(ref c, x) + Unsafe.Add(ref u, x) - Unsafe.Add(ref l, x)));
        }
    }
}

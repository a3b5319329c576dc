using System.Numerics;
using System.Runtime.InteropServices;

namespace Cranio.Volumes;

/// <summary>
/// A 3D image: voxels on a <see cref="Grid"/>, whose geometry (sizes, spacing, origin, direction) always
/// travels with them. Voxels are stored x fastest (see <see cref="Grid"/>). This untyped base serves readers
/// and writers; algorithms use <see cref="Volume{T}"/>.
/// </summary>
public abstract class Volume
{
    private protected Volume(Grid grid)
    {
        Grid = grid ?? throw new ArgumentNullException(nameof(grid));
    }

    /// <summary>The voxel grid.</summary>
    public Grid Grid { get; }

    /// <summary>The element type.</summary>
    public abstract VoxelType VoxelType { get; }

    /// <summary>
    /// Free-form key/value metadata carried through files that can hold it (NRRD key/value pairs), such as
    /// the settings of the step that produced the volume. Keys are compared ordinally.
    /// </summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The voxels as raw bytes in the machine's (little-endian) byte order.</summary>
    public abstract Span<byte> RawBytes { get; }

    /// <summary>Smallest and largest voxel value, as doubles (NaN voxels are skipped).</summary>
    public abstract (double Min, double Max) ValueRange();

    /// <summary>Number of voxels whose value is not zero.</summary>
    public abstract long CountNonZero();

    /// <summary>A copy converted to <typeparamref name="TOut"/> by value (saturating for integers); same grid and metadata.</summary>
    public abstract Volume<TOut> ConvertTo<TOut>() where TOut : unmanaged, INumber<TOut>;

    /// <summary>
    /// A mask (0/1 bytes) on the same grid: 1 where <paramref name="lower"/> ≤ voxel ≤ <paramref name="upper"/>.
    /// For a label image with values {0, 1} the defaults (≥ 1) give the mask; for CT, lower = 150 HU is bone.
    /// </summary>
    /// <param name="lower">Smallest value set to 1 (default 1).</param>
    /// <param name="upper">Largest value set to 1 (default +∞).</param>
    public abstract Volume<byte> ToMask(double lower = 1, double upper = double.PositiveInfinity);

    /// <summary>Copies the metadata of <paramref name="source"/> into this volume.</summary>
    public void CopyMetadataFrom(Volume source)
    {
        foreach (var pair in source.Metadata) Metadata[pair.Key] = pair.Value;
    }
}

/// <summary>
/// A 3D image with voxels of type <typeparamref name="T"/> stored in one array, x fastest then y then z:
/// voxel (x, y, z) is <c>Data[x + SizeX·(y + SizeY·z)]</c>. A mask is a <c>Volume&lt;byte&gt;</c> with values 0 and 1.
/// </summary>
/// <typeparam name="T">The voxel type: byte, sbyte, ushort, short, uint, int, ulong, long, float or double.</typeparam>
public sealed class Volume<T> : Volume where T : unmanaged, INumber<T>
{
    /// <summary>Creates a zero-filled volume on <paramref name="grid"/>.</summary>
    public Volume(Grid grid) : base(grid)
    {
        Data = new T[grid.VoxelCount];
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as the voxels of <paramref name="grid"/>.</summary>
    /// <exception cref="ArgumentException">The array length is not the grid's voxel count.</exception>
    public Volume(Grid grid, T[] data) : base(grid)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.LongLength != grid.VoxelCount)
            throw new ArgumentException($"Data has {data.LongLength} voxels; the grid {grid.SizeX}×{grid.SizeY}×{grid.SizeZ} needs {grid.VoxelCount}.", nameof(data));
        Data = data;
    }

    /// <summary>
    /// A volume on <paramref name="grid"/> whose array is allocated without zeroing (its values are arbitrary):
    /// only for callers that overwrite every voxel before anyone reads it, such as file readers.
    /// </summary>
    internal static Volume<T> Uninitialized(Grid grid) =>
        new(grid, GC.AllocateUninitializedArray<T>(checked((int)grid.VoxelCount)));

    /// <summary>The voxels, x fastest.</summary>
    public T[] Data { get; }

    /// <inheritdoc />
    public override VoxelType VoxelType => VoxelTypes.Of<T>();

    /// <inheritdoc />
    public override Span<byte> RawBytes => MemoryMarshal.AsBytes(Data.AsSpan());

    /// <summary>The voxel at (x, y, z), by reference.</summary>
    public ref T this[int x, int y, int z] => ref Data[Grid.Offset(x, y, z)];

    /// <summary>The voxels of slice z (SizeX · SizeY values, x fastest).</summary>
    public Span<T> Slice(int z) => Data.AsSpan(z * Grid.SliceLength, Grid.SliceLength);

    /// <summary>A zero-filled volume of type <typeparamref name="TOut"/> on the same grid, with this volume's metadata.</summary>
    public Volume<TOut> SameGrid<TOut>() where TOut : unmanaged, INumber<TOut>
    {
        var result = new Volume<TOut>(Grid);
        result.CopyMetadataFrom(this);
        return result;
    }

    /// <summary>A deep copy: same grid, copied voxels and metadata.</summary>
    public Volume<T> Clone()
    {
        var copy = new Volume<T>(Grid, (T[])Data.Clone());
        copy.CopyMetadataFrom(this);
        return copy;
    }

    /// <inheritdoc />
    public override (double Min, double Max) ValueRange()
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (T value in Data)
        {
            double v = double.CreateTruncating(value);
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return (min, max);
    }

    /// <inheritdoc />
    public override long CountNonZero()
    {
        long count = 0;
        foreach (T value in Data)
            if (!T.IsZero(value)) count++;
        return count;
    }

    /// <inheritdoc />
    public override Volume<TOut> ConvertTo<TOut>()
    {
        var result = SameGrid<TOut>();
        T[] source = Data;
        TOut[] target = result.Data;
        if (typeof(T) == typeof(TOut))
        {
            source.AsSpan().CopyTo(MemoryMarshal.Cast<TOut, T>(target.AsSpan()));
            return result;
        }
        for (long i = 0; i < source.LongLength; i++) target[i] = TOut.CreateSaturating(source[i]);
        return result;
    }

    /// <inheritdoc />
    public override Volume<byte> ToMask(double lower = 1, double upper = double.PositiveInfinity)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper) || upper < lower)
            throw new ArgumentException($"The threshold range must satisfy lower ≤ upper; got [{lower}, {upper}].", nameof(upper));
        var mask = SameGrid<byte>();
        T[] source = Data;
        byte[] target = mask.Data;
        int slice = Grid.SliceLength;
        Parallel.For(0, Grid.SizeZ, z =>
        {
            for (int i = z * slice, end = i + slice; i < end; i++)
            {
                double v = double.CreateTruncating(source[i]);
                target[i] = v >= lower && v <= upper ? (byte)1 : (byte)0;
            }
        });
        return mask;
    }
}

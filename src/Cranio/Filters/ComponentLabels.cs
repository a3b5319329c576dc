using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// The result of connected-component labelling: a label volume on the input grid (int32; 0 for voxels not
/// labelled, components numbered 1…<see cref="Count"/> in order of their first voxel in x-fastest scan order,
/// as scipy.ndimage.label numbers them) and the size of every component.
/// </summary>
public sealed class ComponentLabels
{
    private readonly long[] _voxelCounts;

    internal ComponentLabels(Volume<int> labels, int count, long[] voxelCounts)
    {
        Labels = labels;
        Count = count;
        _voxelCounts = voxelCounts;
    }

    /// <summary>The label of every voxel (0 = not part of any component), on the grid of the input mask.</summary>
    public Volume<int> Labels { get; }

    /// <summary>Number of components N; labels run from 1 to N.</summary>
    public int Count { get; }

    /// <summary>
    /// Voxels per label, indexed by label (length N + 1); entry 0 counts the voxels that carry no label.
    /// </summary>
    public IReadOnlyList<long> VoxelCounts => _voxelCounts;

    /// <summary>Physical volume of component <paramref name="label"/> in mm³: voxel count × <see cref="Grid.VoxelVolume"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The label is not in 0…N.</exception>
    public double VolumeMm3(int label)
    {
        if ((uint)label > (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in 0…{Count}; got {label}.");
        return _voxelCounts[label] * Labels.Grid.VoxelVolume;
    }

    /// <summary>The label of the component with the most voxels (the lowest such label on ties), or 0 when there is none.</summary>
    public int LargestLabel
    {
        get
        {
            int best = 0;
            for (int label = 1; label <= Count; label++)
                if (best == 0 || _voxelCounts[label] > _voxelCounts[best]) best = label;
            return best;
        }
    }

    /// <summary>
    /// A mask (0/1) on the same grid holding the components that have at least one voxel for which
    /// <paramref name="marked"/> is true; <paramref name="marked"/> gets the voxel's offset on the grid (x fastest)
    /// and is called only for labelled voxels of components not yet marked.
    /// </summary>
    public Volume<byte> SelectMarked(Func<long, bool> marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var keep = new bool[Count + 1];
        int[] labels = Labels.Data;
        for (long i = 0; i < labels.LongLength; i++)
        {
            int label = labels[i];
            if (label > 0 && !keep[label] && marked(i)) keep[label] = true;
        }
        return Select(label => keep[label]);
    }

    /// <summary>
    /// A mask (0/1) on the same grid holding the voxels whose label satisfies <paramref name="keep"/>;
    /// <paramref name="keep"/> is called once per label 1…N, never for 0.
    /// </summary>
    public Volume<byte> Select(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var table = new byte[Count + 1];
        for (int label = 1; label <= Count; label++) table[label] = keep(label) ? (byte)1 : (byte)0;
        var mask = Labels.SameGrid<byte>();
        int[] labels = Labels.Data;
        byte[] target = mask.Data;
        int sliceLength = Labels.Grid.SliceLength;
        Parallel.For(0, Labels.Grid.SizeZ, z =>
        {
            ReadOnlySpan<int> source = labels.AsSpan(z * sliceLength, sliceLength);
            Span<byte> output = target.AsSpan(z * sliceLength, sliceLength);
            for (int i = 0; i < source.Length; i++) output[i] = table[source[i]];
        });
        return mask;
    }
}

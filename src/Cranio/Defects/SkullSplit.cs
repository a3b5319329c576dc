using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Tells whether removing a defect split the skull: the bone voxels 26-adjacent to the removed voxels (the rim)
/// belong to 26-connected components of the defective skull; the skull is split when two or more of these
/// components exceed the fragment volume.
/// </summary>
/// <remarks>
/// <para>The components are found with <see cref="ConnectedComponents.Label"/> on crops of the defective skull
/// (<see cref="Cropping.Crop{T}"/>) around the shape's index box, grown by each of <see cref="LocalMargins"/> mm in
/// turn. Within a crop, a rim component that does not reach an inner face of the crop (a face that is not a face
/// of the grid) is a whole component of the skull, so when it holds no more voxels than the fragment volume it is a
/// fragment and is ignored; every other rim component counts. When at most one counts, the rim is connected in the
/// whole skull too and nothing was split. Only when every crop leaves two or more is the whole skull labelled, which
/// is exact.</para>
/// <para>Cost: labelling a crop is linear in its voxels, so the usual defect is decided on a few million voxels
/// instead of the whole 512 × 512 × Z volume; only true splits (which are rejected) and rare rims that leave every
/// crop in pieces pay for the whole skull.</para>
/// </remarks>
internal static class SkullSplit
{
    /// <summary>Margins in mm around the shape's box of the crops tried before the whole skull, smallest first.</summary>
    public static readonly double[] LocalMargins = [15, 45];

    public static bool Splits(Volume<byte> defective, Volume<byte> implant, DefectShape shape, double maxFragmentVolume)
    {
        Grid grid = defective.Grid;
        VoxelBox? found = ShapeVoxelizer.IndexBounds(shape, grid);
        if (found is null) return false;
        VoxelBox box = found.Value;
        long limit = (long)Math.Floor(maxFragmentVolume / grid.VoxelVolume);
        VoxelBox whole = VoxelBox.Of(grid);
        foreach (double margin in LocalMargins)
        {
            VoxelBox crop = Grow(box, grid, margin);
            if (crop == whole) break;
            if (RimComponents(defective, implant, box, crop, limit) <= 1) return false;
        }
        return RimComponents(defective, implant, box, whole, limit) >= 2;
    }

    /// <summary><paramref name="box"/> grown by ⌈margin / spacing⌉ voxels on every side, clamped to the grid.</summary>
    private static VoxelBox Grow(VoxelBox box, Grid grid, double marginMm)
    {
        int mx = (int)Math.Ceiling(marginMm / grid.Spacing.X), my = (int)Math.Ceiling(marginMm / grid.Spacing.Y), mz = (int)Math.Ceiling(marginMm / grid.Spacing.Z);
        return new VoxelBox(Math.Max(0, box.MinX - mx), Math.Max(0, box.MinY - my), Math.Max(0, box.MinZ - mz),
            Math.Min(grid.SizeX - 1, box.MaxX + mx), Math.Min(grid.SizeY - 1, box.MaxY + my), Math.Min(grid.SizeZ - 1, box.MaxZ + mz));
    }

    /// <summary>
    /// Counts the rim's 26-connected components within <paramref name="crop"/> that hold more than
    /// <paramref name="fragmentSize"/> voxels or reach a face of the crop that is not a face of the grid (and so may
    /// continue beyond it). The removed voxels all lie in <paramref name="box"/>, which lies in the crop.
    /// </summary>
    private static int RimComponents(Volume<byte> defective, Volume<byte> implant, VoxelBox box, VoxelBox crop, long fragmentSize)
    {
        Grid grid = defective.Grid;
        Volume<byte> bone = crop == VoxelBox.Of(grid) ? defective : Cropping.Crop(defective, crop);
        ComponentLabels components = ConnectedComponents.Label(bone, Connectivity.Full);
        int[] labels = components.Labels.Data;
        int cx = crop.SizeX, cy = crop.SizeY, cz = crop.SizeZ;
        long cSlice = (long)cx * cy;
        var rim = new bool[components.Count + 1];
        byte[] removed = implant.Data;
        for (int z = box.MinZ; z <= box.MaxZ; z++)
            for (int y = box.MinY; y <= box.MaxY; y++)
            {
                long o = grid.Offset(box.MinX, y, z);
                for (int x = box.MinX; x <= box.MaxX; x++, o++)
                {
                    if (removed[o] == 0) continue;
                    int lx = x - crop.MinX, ly = y - crop.MinY, lz = z - crop.MinZ;
                    for (int nz = Math.Max(0, lz - 1); nz <= Math.Min(cz - 1, lz + 1); nz++)
                        for (int ny = Math.Max(0, ly - 1); ny <= Math.Min(cy - 1, ly + 1); ny++)
                        {
                            long row = nz * cSlice + (long)ny * cx;
                            for (int nx = Math.Max(0, lx - 1); nx <= Math.Min(cx - 1, lx + 1); nx++)
                                rim[labels[row + nx]] = true;
                        }
                }
            }
        var open = new bool[components.Count + 1];
        MarkFace(labels, cx, cy, cz, axis: 0, at: 0, crop.MinX > 0, open);
        MarkFace(labels, cx, cy, cz, axis: 0, at: cx - 1, crop.MaxX < grid.SizeX - 1, open);
        MarkFace(labels, cx, cy, cz, axis: 1, at: 0, crop.MinY > 0, open);
        MarkFace(labels, cx, cy, cz, axis: 1, at: cy - 1, crop.MaxY < grid.SizeY - 1, open);
        MarkFace(labels, cx, cy, cz, axis: 2, at: 0, crop.MinZ > 0, open);
        MarkFace(labels, cx, cy, cz, axis: 2, at: cz - 1, crop.MaxZ < grid.SizeZ - 1, open);
        int count = 0;
        for (int label = 1; label <= components.Count; label++)
            if (rim[label] && (open[label] || components.VoxelCounts[label] > fragmentSize)) count++;
        return count;
    }

    /// <summary>Marks the labels on the crop face perpendicular to <paramref name="axis"/> at index <paramref name="at"/>, when that face is inner.</summary>
    private static void MarkFace(int[] labels, int cx, int cy, int cz, int axis, int at, bool inner, bool[] open)
    {
        if (!inner) return;
        long slice = (long)cx * cy;
        int nu = axis == 0 ? cy : cx, nv = axis == 2 ? cy : cz;
        for (int v = 0; v < nv; v++)
            for (int u = 0; u < nu; u++)
            {
                long o = axis switch
                {
                    0 => at + (long)cx * u + slice * v,
                    1 => u + (long)cx * at + slice * v,
                    _ => u + (long)cx * v + slice * at,
                };
                open[labels[o]] = true;
            }
    }
}

using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Injects synthetic defects into a complete skull mask: removes the bone inside a randomly drawn shape on the
/// cranial vault and returns the defective skull, the implant (the removed bone) and a <see cref="DefectRecord"/>.
/// </summary>
/// <remarks>
/// <para>Invariants: defective ∪ implant = complete and defective ∩ implant = ∅, both on the complete skull's grid
/// (metadata copied). With a <see cref="DefectOptions.ClinicalGap"/> g &gt; 0 the implant loses the voxels closer than g
/// to the defective skull (<see cref="ClinicalGap"/>), so defective ∪ implant ⊆ complete; the checks below and the
/// opening area apply to the removed bone before the gap.</para>
/// <para>Drawing: a <see cref="Xoshiro256"/> seeded with the seed first picks the kind uniformly from
/// <see cref="DefectOptions.Kinds"/>, then draws placements (<see cref="DefectPlacement"/>) until one is accepted.
/// A placement is rejected and redrawn when it removes less than <see cref="DefectOptions.MinImplantVolume"/>, more
/// than <see cref="DefectOptions.MaxSkullFraction"/> of the bone, or splits the skull: the bone touching the defect
/// (26-neighbours of removed voxels) must lie in at most one 26-connected component of the defective skull larger than
/// <see cref="DefectOptions.MaxFragmentVolume"/>. After <see cref="DefectOptions.MaxAttempts"/> rejections an
/// <see cref="InvalidOperationException"/> names the kind, the seed and the last reason. The same skull, options and
/// seed give the same bytes.</para>
/// </remarks>
public sealed class DefectInjector
{
    /// <summary>Creates an injector with <paramref name="options"/> (default <see cref="DefectOptions.Default"/>).</summary>
    public DefectInjector(DefectOptions? options = null) => Options = options ?? DefectOptions.Default;

    /// <summary>The options.</summary>
    public DefectOptions Options { get; }

    /// <summary>Draws and injects one defect.</summary>
    /// <param name="complete">The complete skull (0/1).</param>
    /// <param name="geometry">Its analysis (<see cref="SkullGeometry.Analyze"/>), reused across defects of the same skull.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <exception cref="InvalidOperationException">No acceptable placement in the allowed attempts.</exception>
    public DefectResult Inject(Volume<byte> complete, SkullGeometry geometry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(complete);
        ArgumentNullException.ThrowIfNull(geometry);
        var random = new Xoshiro256(seed);
        DefectKind kind = Options.Kinds[random.NextInt(Options.Kinds.Count)];
        Volume<byte> defective = complete.Clone();
        Volume<byte> implant = complete.SameGrid<byte>();
        double voxelVolume = complete.Grid.VoxelVolume;
        string reason = "";
        for (int attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            DefectShape shape = DefectPlacement.Draw(kind, geometry, Options, random);
            long removed = Carve(complete, shape, defective, implant);
            double volume = removed * voxelVolume;
            if (volume < Options.MinImplantVolume)
                reason = FormattableString.Invariant($"removes {volume / 1000:0.###} cm³ < minimum {Options.MinImplantVolume / 1000:0.###} cm³");
            else if (removed > Options.MaxSkullFraction * geometry.BoneVoxels)
                reason = FormattableString.Invariant($"removes {(double)removed / geometry.BoneVoxels:P1} of the bone > maximum {Options.MaxSkullFraction:P1}");
            else if (SkullSplit.Splits(defective, implant, shape, Options.MaxFragmentVolume))
                reason = "splits the skull into pieces";
            else
                return Finish(complete, defective, implant, removed, shape, geometry.Centroid, kind.Name(), seed, attempt, Options.ClinicalGap);
            Restore(complete.Grid, shape, defective, implant);
        }
        throw new InvalidOperationException($"No acceptable {kind.Name()} defect in {Options.MaxAttempts} attempts (seed {seed}); the last placement {reason}.");
    }

    /// <summary>
    /// Removes the bone inside a given <paramref name="shape"/> without any checks, and measures it.
    /// </summary>
    /// <param name="complete">The complete skull (0/1).</param>
    /// <param name="shape">The shape to remove.</param>
    /// <param name="skullCentre">A point inside the cranium (mm, LPS) for <see cref="OpeningArea"/>.</param>
    public static DefectResult Apply(Volume<byte> complete, DefectShape shape, Vec3 skullCentre)
    {
        ArgumentNullException.ThrowIfNull(complete);
        ArgumentNullException.ThrowIfNull(shape);
        Volume<byte> defective = complete.Clone();
        Volume<byte> implant = complete.SameGrid<byte>();
        long removed = Carve(complete, shape, defective, implant);
        return Finish(complete, defective, implant, removed, shape, skullCentre, shape.Kind, 0, 1, 0);
    }

    /// <summary>Measures the defect (<paramref name="removedVoxels"/> voxels of bone in <paramref name="removed"/>, all inside the shape's index box) and applies the clinical gap.</summary>
    private static DefectResult Finish(Volume<byte> complete, Volume<byte> defective, Volume<byte> removed, long removedVoxels, DefectShape shape, Vec3 centre, string kind, ulong seed, int attempts, double gap)
    {
        removed.CopyMetadataFrom(complete);
        VoxelBox? box = ShapeVoxelizer.IndexBounds(shape, complete.Grid);
        double areaCm2 = box is null ? 0 : OpeningArea.Compute(complete, removed, centre, box.Value) / 100;
        Volume<byte> implant = gap > 0 ? ClinicalGap.Apply(removed, defective, gap) : removed;
        long implantVoxels = gap > 0 ? implant.CountNonZero() : removedVoxels;
        double volumeCm3 = implantVoxels * complete.Grid.VoxelVolume / 1000;
        var record = new DefectRecord(kind, shape.Describe(), shape.Center, seed, attempts, gap, volumeCm3, areaCm2);
        return new DefectResult(defective, implant, shape, record);
    }

    /// <summary>Moves the bone inside the shape from <paramref name="defective"/> to <paramref name="implant"/>; returns the voxels moved.</summary>
    private static long Carve(Volume<byte> complete, DefectShape shape, Volume<byte> defective, Volume<byte> implant)
    {
        byte[] rest = defective.Data, removed = implant.Data;
        return ShapeVoxelizer.ForEachInside(shape, complete, offset =>
        {
            rest[offset] = 0;
            removed[offset] = 1;
        });
    }

    /// <summary>Undoes <see cref="Carve"/> inside the shape's index box.</summary>
    private static void Restore(Grid grid, DefectShape shape, Volume<byte> defective, Volume<byte> implant)
    {
        VoxelBox? found = ShapeVoxelizer.IndexBounds(shape, grid);
        if (found is null) return;
        VoxelBox box = found.Value;
        byte[] rest = defective.Data, removed = implant.Data;
        Parallel.For(box.MinZ, box.MaxZ + 1, z =>
        {
            for (int y = box.MinY; y <= box.MaxY; y++)
            {
                long o = grid.Offset(box.MinX, y, z);
                for (int x = box.MinX; x <= box.MaxX; x++, o++)
                {
                    if (removed[o] == 0) continue;
                    removed[o] = 0;
                    rest[o] = 1;
                }
            }
        });
    }
}

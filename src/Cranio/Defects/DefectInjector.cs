using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Injects synthetic defects into a complete skull mask: removes the bone inside a randomly drawn shape on the
/// cranial vault and returns the defective skull, the implant (the removed bone) and a <see cref="DefectRecord"/>.
/// </summary>
/// <remarks>
/// <para>Invariants: defective ∪ implant = complete and defective ∩ implant = ∅, both on the complete skull's grid
/// (metadata copied).</para>
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
                return Finish(complete, defective, implant, shape, geometry, kind.Name(), seed, attempt);
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
        Carve(complete, shape, defective, implant);
        return Finish(complete, defective, implant, shape, skullCentre, shape.Kind, 0, 1);
    }

    private static DefectResult Finish(Volume<byte> complete, Volume<byte> defective, Volume<byte> implant, DefectShape shape, SkullGeometry geometry, string kind, ulong seed, int attempts) =>
        Finish(complete, defective, implant, shape, geometry.Centroid, kind, seed, attempts);

    private static DefectResult Finish(Volume<byte> complete, Volume<byte> defective, Volume<byte> implant, DefectShape shape, Vec3 centre, string kind, ulong seed, int attempts)
    {
        implant.CopyMetadataFrom(complete);
        double volumeCm3 = implant.CountNonZero() * complete.Grid.VoxelVolume / 1000;
        double areaCm2 = OpeningArea.Compute(complete, implant, centre) / 100;
        var record = new DefectRecord(kind, shape.Describe(), shape.Center, seed, attempts, volumeCm3, areaCm2);
        return new DefectResult(defective, implant, shape, record);
    }

    /// <summary>Moves the bone inside the shape from <paramref name="defective"/> to <paramref name="implant"/>; returns the voxels moved.</summary>
    private static long Carve(Volume<byte> complete, DefectShape shape, Volume<byte> defective, Volume<byte> implant)
    {
        byte[] bone = complete.Data, rest = defective.Data, removed = implant.Data;
        long count = 0;
        ShapeVoxelizer.ForEachInside(shape, complete.Grid, offset =>
        {
            if (bone[offset] == 0) return;
            rest[offset] = 0;
            removed[offset] = 1;
            Interlocked.Increment(ref count);
        });
        return count;
    }

    /// <summary>Undoes <see cref="Carve"/> inside the shape's index box.</summary>
    private static void Restore(Grid grid, DefectShape shape, Volume<byte> defective, Volume<byte> implant)
    {
        var box = ShapeVoxelizer.IndexBounds(shape, grid);
        if (box is null) return;
        var (x0, y0, z0, x1, y1, z1) = box.Value;
        byte[] rest = defective.Data, removed = implant.Data;
        Parallel.For(z0, z1 + 1, z =>
        {
            for (int y = y0; y <= y1; y++)
            {
                long o = grid.Offset(x0, y, z);
                for (int x = x0; x <= x1; x++, o++)
                {
                    if (removed[o] == 0) continue;
                    removed[o] = 0;
                    rest[o] = 1;
                }
            }
        });
    }
}

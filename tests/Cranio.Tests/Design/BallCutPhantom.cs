using Cranio.Volumes;

namespace Cranio.Tests.Design;

/// <summary>Voxelisation shared by the analytic shell phantoms: a bone predicate, with balls cut out of it as defects.</summary>
internal static class BallCutPhantom
{
    /// <summary>
    /// The complete phantom (every voxel centre where <paramref name="isBone"/> holds), the skull with the balls cut out,
    /// and the removed part, all on <paramref name="grid"/>.
    /// </summary>
    public static (Volume<byte> Complete, Volume<byte> Defective, Volume<byte> Implant) Build(Grid grid, Func<Vec3, bool> isBone, (Vec3 Centre, double Radius)[] cuts)
    {
        var complete = new Volume<byte>(grid);
        var defective = new Volume<byte>(grid);
        var implant = new Volume<byte>(grid);
        Parallel.For(0, grid.SizeZ, z =>
        {
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    Vec3 p = grid.IndexToPhysical(x, y, z);
                    if (!isBone(p)) continue;
                    long o = grid.Offset(x, y, z);
                    complete.Data[o] = 1;
                    if (cuts.Any(c => (p - c.Centre).Length <= c.Radius)) implant.Data[o] = 1; else defective.Data[o] = 1;
                }
        });
        return (complete, defective, implant);
    }
}

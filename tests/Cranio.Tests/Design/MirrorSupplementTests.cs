using Cranio.Defects;
using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class MirrorSupplementTests
{
    // A phantom symmetric about the plane L = 0, with a ridge on both sides: under the inner table, or outside the
    // outer one (a rim beyond the first bone layer).
    private static readonly EllipsoidShellPhantom Phantom = new() { Centre = new Vec3(0, -5, 40) };
    private static readonly Vec3 Side = new Vec3(1, 0.1, 0.3).Normalized();

    private static double InnerRadius(Vec3 d)
    {
        d = d.Normalized();
        double a = Phantom.A - Phantom.Thickness, b = Phantom.B - Phantom.Thickness, c = Phantom.C - Phantom.Thickness;
        return 1 / Math.Sqrt(d.X * d.X / (a * a) + d.Y * d.Y / (b * b) + d.Z * d.Z / (c * c));
    }

    private static double OuterRadius(Vec3 d) => (Phantom.OuterPoint(d) - Phantom.Centre).Length;

    private static Vec3 Ridge(Vec3 side, bool outside) =>
        outside ? Phantom.Centre + side * (OuterRadius(side) + 5) : Phantom.Centre + side * (InnerRadius(side) - 3);

    private sealed record Scene(Volume<byte> Skull, Volume<byte> ShellPart, Volume<byte> RidgePart, RestoredShell Shell);

    private static Scene Build(bool outside = false)
    {
        Grid grid = Phantom.MakeGrid(new Vec3(1, 1, 1));
        Vec3 right = Ridge(Side, outside), left = Ridge(new Vec3(-Side.X, Side.Y, Side.Z), outside);
        Vec3 cutCentre = Phantom.OuterPoint(Side);
        var skull = new Volume<byte>(grid);
        var shellPart = new Volume<byte>(grid);
        var ridgePart = new Volume<byte>(grid);
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    Vec3 p = grid.IndexToPhysical(x, y, z);
                    Vec3 q = p - Phantom.Centre;
                    bool shell = Phantom.IsBone(p);
                    bool ridge = (p - right).Length <= 6 || (p - left).Length <= 6;
                    // The skull's own asymmetry: a 1.5 mm thicker outer table on the left.
                    bool layer = q.X < -20 && !shell && (Phantom.OuterPoint(q) - Phantom.Centre).Length + 1.5 >= q.Length && (Phantom.OuterPoint(q) - Phantom.Centre).Length < q.Length;
                    bool cut = (p - cutCentre).Length <= 28;
                    long o = grid.Offset(x, y, z);
                    if (cut && shell) shellPart.Data[o] = 1;
                    else if (cut && ridge && (outside ? q.Length > OuterRadius(q) + 1 : q.Length < InnerRadius(q) - 1)) ridgePart.Data[o] = 1;
                    else if (shell || ridge || layer) skull.Data[o] = 1;
                }
        var mesh = Icosphere.Create(5);
        var inner = new double[mesh.VertexCount];
        var outer = new float[mesh.VertexCount];
        var region = new bool[mesh.VertexCount];
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            Vec3 d = mesh.Vertices[v];
            inner[v] = InnerRadius(d);
            outer[v] = (float)(Phantom.OuterPoint(d) - Phantom.Centre).Length;
            region[v] = (Phantom.Centre + d * outer[v] - cutCentre).Length <= 34;
        }
        return new Scene(skull, shellPart, ridgePart, new RestoredShell(Phantom.Centre, mesh, inner, region, outer, outer.Select(r => (double)r).ToArray()));
    }

    private static readonly SymmetryPlane Midline = new(Vec3.Zero, new Vec3(1, 0, 0));

    [Fact]
    public void AddsTheMirroredRidgeUnderTheInnerTableAndNoAsymmetryLayer()
    {
        var (skull, shellPart, ridgePart, shell) = Build();
        var implant = shellPart.Clone();
        long added = MirrorSupplement.Apply(implant, skull, Midline, shell, new bool[shell.Mesh.VertexCount]);

        long ridgeVoxels = ridgePart.CountNonZero(), ridgeFound = 0, elsewhere = 0;
        for (long i = 0; i < implant.Data.LongLength; i++)
        {
            if (implant.Data[i] == 0 || shellPart.Data[i] != 0) continue;
            if (ridgePart.Data[i] != 0) ridgeFound++;
            else elsewhere++;
        }
        Assert.Equal(ridgeFound + elsewhere, added);
        Assert.True(ridgeVoxels > 100, $"the ridge under the cut has {ridgeVoxels} voxels");
        Assert.True(ridgeFound >= 0.85 * ridgeVoxels, $"{ridgeFound} of {ridgeVoxels} ridge voxels added");
        // Only the ridge's own boundary voxels may differ (nearest-voxel mirroring): nothing of the layer.
        Assert.True(elsewhere <= 0.15 * ridgeVoxels, $"{elsewhere} voxels added outside the ridge");
        for (long i = 0; i < implant.Data.LongLength; i++) Assert.False(implant.Data[i] != 0 && skull.Data[i] != 0);
    }

    [Fact]
    public void TakesNothingWhereTheMirrorImageLandsOnExcludedDirections()
    {
        // The other half of a bilateral defect, or the defect itself when it crosses the midline: the left side is
        // excluded, so its ridge is not copied.
        var (skull, shellPart, _, shell) = Build();
        var excluded = new bool[shell.Mesh.VertexCount];
        for (int v = 0; v < excluded.Length; v++) excluded[v] = shell.Mesh.Vertices[v].X < -0.3;
        var implant = shellPart.Clone();
        Assert.Equal(0, MirrorSupplement.Apply(implant, skull, Midline, shell, excluded));
        Assert.Equal(shellPart.Data, implant.Data);
    }

    [Fact]
    public void AddsARimBeyondTheMirrorImagesFirstLayerOnlyWhenThatLayerIsKnown()
    {
        var (skull, shellPart, rimPart, shell) = Build(outside: true);
        long rimVoxels = rimPart.CountNonZero();
        Assert.True(rimVoxels > 100, $"the rim under the cut has {rimVoxels} voxels");
        var implant = shellPart.Clone();
        MirrorSupplement.Apply(implant, skull, Midline, shell, new bool[shell.Mesh.VertexCount]);
        long found = 0, elsewhere = 0;
        for (long i = 0; i < implant.Data.LongLength; i++)
        {
            if (implant.Data[i] == 0 || shellPart.Data[i] != 0) continue;
            if (rimPart.Data[i] != 0) found++; else elsewhere++;
        }
        Assert.True(found >= 0.85 * rimVoxels, $"{found} of {rimVoxels} rim voxels added");
        Assert.True(elsewhere <= 0.15 * rimVoxels, $"{elsewhere} voxels added outside the rim");

        // Without the mirror image's first layer, bone beyond the restored outer surface is asymmetry: not taken.
        var unknownLayer = shell with { MirroredOuter = shell.MirroredOuter.Select(_ => double.NaN).ToArray() };
        var plain = shellPart.Clone();
        Assert.Equal(0, MirrorSupplement.Apply(plain, skull, Midline, unknownLayer, new bool[shell.Mesh.VertexCount]));
    }
}

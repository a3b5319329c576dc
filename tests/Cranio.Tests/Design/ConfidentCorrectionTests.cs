using Cranio.Design;
using Cranio.Learning;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class ConfidentCorrectionTests
{
    private static readonly VoxelBox Line = new(0, 1, 1, 11, 1, 1);

    /// <summary>A 12 × 3 × 3 grid of 1 mm voxels; the box is the line y = z = 1; probabilities along it are <paramref name="p"/>.</summary>
    private static (Volume<byte> Prior, Volume<float> Probabilities, Volume<byte> Skull) LineCase(float[] p, int[] priorX)
    {
        Grid grid = Grid.AxisAligned(12, 3, 3, new Vec3(1, 1, 1), default);
        Volume<byte> prior = new(grid), skull = new(grid);
        foreach (int x in priorX) prior[x, 1, 1] = 1;
        var probabilities = new Volume<float>(Cropping.CropGrid(grid, Line));
        for (int x = 0; x < 12; x++) probabilities[x, 0, 0] = p[x];
        return (prior, probabilities, skull);
    }

    [Fact]
    public void VoxelsFlipOnlyPastTheMargin()
    {
        // Prior on x = 0..5. Prior voxels with p 0.39 / 0.41 (t − m = 0.4), others with p 0.59 / 0.61 (t + m = 0.6).
        float[] p = [0.9f, 0.41f, 0.39f, 0.45f, 0.41f, 0.41f, 0.61f, 0.59f, 0.61f, 0.55f, 0.1f, 0.61f];
        var (prior, probabilities, skull) = LineCase(p, [0, 1, 2, 3, 4, 5]);
        var result = ConfidentCorrection.Apply(prior, probabilities, Line, skull, threshold: 0.5, margin: 0.1);
        Assert.Same(prior.Grid, result.Grid);
        // x = 2 dropped (0.39 < 0.4); x = 6 added (0.61 ≥ 0.6, touches the prior via 5); 7 not added (0.59), so 8 is an
        // island away from the prior and goes; 11 is added but isolated too.
        byte[] expected = [1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0];
        for (int x = 0; x < 12; x++) Assert.Equal(expected[x], result[x, 1, 1]);
        Assert.Equal(6, result.CountNonZero());

        // Margin 0 is the plain rule p ≥ 0.5: x = 1, 2, 3, 4, 5 (all < 0.5) go, 6–9 stay out of reach of x = 0.
        var plain = ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0);
        Assert.Equal(1, plain.CountNonZero());
        Assert.Equal(1, plain[0, 1, 1]);
    }

    [Fact]
    public void TheFullMarginGivesThePriorBackMinusTheSkull()
    {
        var random = new SplitMix64(4);
        float[] p = Enumerable.Range(0, 12).Select(_ => random.NextSingle() * 0.999f).ToArray();
        var (prior, probabilities, skull) = LineCase(p, [2, 3, 4, 5, 6]);
        skull[4, 1, 1] = 1;
        var result = ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0.5);
        byte[] expected = [0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0];
        for (int x = 0; x < 12; x++) Assert.Equal(expected[x], result[x, 1, 1]);
    }

    [Fact]
    public void ThePriorIsKeptWithinTheBandAroundTheSkull()
    {
        // Skull at x = 0; prior x = 1..6 with p = 0 everywhere: only the prior voxels within 2 mm of the skull survive.
        var (prior, probabilities, skull) = LineCase(new float[12], [1, 2, 3, 4, 5, 6]);
        skull[0, 1, 1] = 1;
        var result = ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0, priorBandMm: 2);
        byte[] expected = [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        for (int x = 0; x < 12; x++) Assert.Equal(expected[x], result[x, 1, 1]);
    }

    [Fact]
    public void WithABandMarginTheBandIsOnlyThinnedWhereTheNetworkIsNearlySure()
    {
        // Skull at x = 0; band 3 mm covers x = 1..3. Prior x = 1, 2, 4; p = 0.05 at 1, 0.15 at 2, 0.99 at 3 (not prior),
        // 0.3 at 4 (outside the band, m = 0.1: dropped), 0.9 at 5 (outside, added but cut off from the prior once 4 goes).
        float[] p = [0, 0.05f, 0.15f, 0.99f, 0.3f, 0.9f, 0, 0, 0, 0, 0, 0];
        var (prior, probabilities, skull) = LineCase(p, [1, 2, 4]);
        skull[0, 1, 1] = 1;
        var result = ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0.1, priorBandMm: 3, bandMargin: 0.4);
        // t − m_b = 0.1: x = 1 (0.05) goes, x = 2 (0.15) stays; x = 3 is never added inside the band however sure.
        byte[] expected = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        for (int x = 0; x < 12; x++) Assert.Equal(expected[x], result[x, 1, 1]);
        // m_b = t drops nothing in the band: the rule without a band margin.
        var kept = ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0.1, priorBandMm: 3, bandMargin: 0.5);
        Assert.Equal(ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0.1, priorBandMm: 3).Data, kept.Data);
        Assert.Equal([0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], Enumerable.Range(0, 12).Select(x => kept[x, 1, 1]));
    }

    [Fact]
    public void MatchesABruteForceRuleOnARandomField()
    {
        Grid grid = new(14, 12, 10, new Vec3(0.5, 0.6, 0.8), new Vec3(3, -2, 1), Mat3.Identity);
        var box = new VoxelBox(2, 1, 3, 12, 10, 8);
        var random = new SplitMix64(11);
        Volume<byte> prior = new(grid), skull = new(grid);
        for (int i = 0; i < prior.Data.Length; i++)
        {
            float r = random.NextSingle();
            prior.Data[i] = (byte)(r < 0.4 ? 1 : 0);
            skull.Data[i] = (byte)(r > 0.85 ? 1 : 0);
        }
        var probabilities = new Volume<float>(Cropping.CropGrid(grid, box));
        for (int i = 0; i < probabilities.Data.Length; i++) probabilities.Data[i] = random.NextSingle();
        var distance = Cranio.Filters.DistanceTransform.DistanceToForeground(Cropping.Crop(skull, box));
        foreach (var (margin, band, bandMargin) in new (double, double, double?)[] { (0.0, 0.0, null), (0.15, 0.0, null), (0.15, 0.9, null), (0.15, 0.9, 0.3) })
        {
            var expected = prior.Clone();
            for (int z = box.MinZ; z <= box.MaxZ; z++)
                for (int y = box.MinY; y <= box.MaxY; y++)
                    for (int x = box.MinX; x <= box.MaxX; x++)
                    {
                        int cx = x - box.MinX, cy = y - box.MinY, cz = z - box.MinZ;
                        float q = probabilities[cx, cy, cz];
                        if (distance[cx, cy, cz] <= band)
                        {
                            if (bandMargin is double mb) expected[x, y, z] = (byte)(prior[x, y, z] != 0 && q >= 0.5 - mb ? 1 : 0);
                            continue;
                        }
                        expected[x, y, z] = (byte)(prior[x, y, z] != 0 ? (q >= 0.5 - margin ? 1 : 0) : (q >= 0.5 + margin ? 1 : 0));
                    }
            var result = ConfidentCorrection.Apply(prior, probabilities, box, skull, 0.5, margin, band, bandMargin);
            Assert.Equal(LearnedDesigner.Refine(expected, skull, prior).Data, result.Data);
            Assert.Same(grid, result.Grid);
            for (int i = 0; i < result.Data.Length; i++) Assert.False(result.Data[i] != 0 && skull.Data[i] != 0, "the implant overlaps the skull");
        }
    }

    [Fact]
    public void BadSettingsAndGridsAreRejected()
    {
        var (prior, probabilities, skull) = LineCase(new float[12], [1]);
        Assert.Equal("margin", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.3, 0.35)).ParamName);
        Assert.Equal("priorBandMm", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0, -1)).ParamName);
        Assert.Equal("margin", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedDesignerOptions(margin: -0.1)).ParamName);
        Assert.Equal("bandMargin", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidentCorrection.Apply(prior, probabilities, Line, skull, 0.5, 0.2, 3, 0.1)).ParamName);
        Assert.Equal("bandMargin", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedDesignerOptions(priorBandMargin: 0.6)).ParamName);
        Assert.Throws<GridMismatchException>(() => ConfidentCorrection.Apply(prior, probabilities, new VoxelBox(0, 0, 0, 11, 0, 0), skull, 0.5, 0));
    }
}

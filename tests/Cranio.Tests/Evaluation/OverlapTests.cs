using Cranio.Evaluation;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

public class OverlapTests
{
    [Fact]
    public void HandWrittenGrid_GivesKnownDiceReconstructionAndVolumetricError()
    {
        // 4×2×1 grid: P = 1 1 1 0 / 0 0 0 0, G = 0 1 1 1 / 1 0 0 0 → |P| = 3, |G| = 4, |P∩G| = 2, |P≠G| = 3.
        var grid = MaskFactory.Grid(4, 2, 1);
        var p = new Volume<byte>(grid, [1, 1, 1, 0, 0, 0, 0, 0]);
        var g = new Volume<byte>(grid, [0, 1, 1, 1, 1, 0, 0, 0]);
        Overlap o = Overlap.Measure(p, g);
        Assert.Equal(new Overlap(3, 4, 2, 8), o);
        Assert.Equal(4.0 / 7.0, o.Dice, 12);
        Assert.Equal(3.0 / 8.0, o.ReconstructionError, 12);
        Assert.Equal(3.0 / 4.0, o.VolumetricError, 12);
    }

    [Fact]
    public void RandomMasks_MatchBruteForceCounts()
    {
        var grid = MaskFactory.Grid(13, 11, 7);
        var p = MaskFactory.Random(grid, 1, 0.4, (0, 0, 0, 12, 10, 6));
        var g = MaskFactory.Random(grid, 2, 0.3, (0, 0, 0, 12, 10, 6));
        long both = 0, diff = 0;
        for (int i = 0; i < p.Data.Length; i++)
        {
            if (p.Data[i] == 1 && g.Data[i] == 1) both++;
            if (p.Data[i] != g.Data[i]) diff++;
        }
        Overlap o = Overlap.Measure(p, g);
        Assert.Equal(both, o.Intersection);
        Assert.Equal(diff, o.Different);
        Assert.Equal(2.0 * both / (p.CountNonZero() + g.CountNonZero()), o.Dice, 12);
    }

    [Fact]
    public void EmptyMasks_DiceIsZero_VolumetricErrorDocumented()
    {
        var grid = MaskFactory.Grid(3, 3, 3);
        var empty = new Volume<byte>(grid);
        var one = new Volume<byte>(grid);
        one[1, 1, 1] = 1;
        Assert.Equal(0, Overlap.Measure(empty, empty).Dice);
        Assert.Equal(0, Overlap.Measure(empty, empty).VolumetricError);
        Assert.Equal(0, Overlap.Measure(one, empty).Dice);
        Assert.Equal(double.PositiveInfinity, Overlap.Measure(one, empty).VolumetricError);
        Assert.Equal(1.0, Overlap.Measure(empty, one).VolumetricError);
        Assert.Equal(1.0, Overlap.Measure(one, one).Dice);
    }

    [Fact]
    public void GridMismatch_NamesBothInputsAndTheField()
    {
        var a = new Volume<byte>(MaskFactory.Grid(3, 3, 3));
        var b = new Volume<byte>(MaskFactory.Grid(3, 3, 3, sz: 2));
        var e = Assert.Throws<GridMismatchException>(() => Overlap.Measure(a, b, "pred.nrrd", "gt.nrrd"));
        Assert.Contains("pred.nrrd", e.Message);
        Assert.Contains("gt.nrrd", e.Message);
        Assert.Contains("spacing", e.Message);
    }
}

using Cranio.Defects;

namespace Cranio.Tests.Defects;

public class Xoshiro256Tests
{
    [Fact]
    public void FirstOutputs_MatchReferenceImplementation()
    {
        // Reference: xoshiro256** with state seeded by SplitMix64(0): s = e220a8397b1dcdaf, 6e789e6aa1b965f4,
        // 06c45d188009454f, f88bb8a8724c81ec (Vigna's splitmix64.c); first output rotl(s1·5, 7)·9.
        var random = new Xoshiro256(0);
        ulong s1 = 0x6e789e6aa1b965f4UL;
        Assert.Equal(ulong.RotateLeft(s1 * 5, 7) * 9, random.NextUInt64());
    }

    [Fact]
    public void SameSeed_SameSequence_OtherSeed_Differs()
    {
        var a = new Xoshiro256(123);
        var b = new Xoshiro256(123);
        var c = new Xoshiro256(124);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray());
    }

    [Fact]
    public void NextDoubleAndNextInt_StayInRangeAndCoverIt()
    {
        var random = new Xoshiro256(5);
        var counts = new int[7];
        double sum = 0;
        for (int i = 0; i < 70000; i++)
        {
            double d = random.NextDouble();
            Assert.InRange(d, 0, 1 - double.Epsilon);
            sum += d;
            counts[random.NextInt(7)]++;
        }
        Assert.InRange(sum / 70000, 0.49, 0.51);
        Assert.All(counts, c => Assert.InRange(c, 9000, 11000));
    }

    [Fact]
    public void DeriveSeed_DependsOnEveryInput()
    {
        ulong s = Xoshiro256.DeriveSeed(1, "001", 0);
        Assert.Equal(s, Xoshiro256.DeriveSeed(1, "001", 0));
        Assert.NotEqual(s, Xoshiro256.DeriveSeed(2, "001", 0));
        Assert.NotEqual(s, Xoshiro256.DeriveSeed(1, "002", 0));
        Assert.NotEqual(s, Xoshiro256.DeriveSeed(1, "001", 1));
    }
}

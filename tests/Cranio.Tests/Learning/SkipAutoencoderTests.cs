using Cranio.IO;
using Cranio.Learning;

namespace Cranio.Tests.Learning;

public class SkipAutoencoderTests
{
    private static readonly SkipAutoencoderOptions Small = new([2, 3, 4], 2, [1, 2, 2, 1]);

    [Fact]
    public void OutputHasTheInputsSpatialShapeAndParameterCountFollowsTheLayers()
    {
        var model = new SkipAutoencoder3d(Small, seed: 1);
        var y = model.Forward(new Tensor(2, 1, 8, 16, 24));
        Assert.Equal([2, 1, 8, 16, 24], y.Shape);
        // Σ (Ci·27 + 1)·Co over the twelve layers.
        int[][] layers = [[1, 2], [2, 3], [3, 4], [4, 2], [2, 2], [4, 2], [4, 2], [6, 4], [8, 4], [7, 3], [5, 2], [2, 1]];
        Assert.Equal(layers.Sum(l => (l[0] * 27 + 1) * l[1]), model.ParameterCount());
        Assert.Equal(24, model.NamedParameters().Count);
        Assert.Equal("enc1.weight", model.NamedParameters()[0].Name);
        Assert.Equal("head.bias", model.NamedParameters()[^1].Name);
    }

    [Fact]
    public void BadInputsAreRejectedWithTheShape()
    {
        var model = new SkipAutoencoder3d(Small, seed: 1);
        Assert.Contains("multiples of 8", Assert.Throws<ArgumentException>(() => model.Forward(new Tensor(1, 1, 8, 12, 8))).Message);
        Assert.Contains("(1, 2, 8, 8, 8)", Assert.Throws<ArgumentException>(() => model.Forward(new Tensor(1, 2, 8, 8, 8))).Message);
        Assert.Contains("rank-5", Assert.Throws<ArgumentException>(() => model.Forward(new Tensor(1, 8, 8, 8))).Message);
        Assert.Contains("got (1, 2)", Assert.Throws<ArgumentException>(() => new SkipAutoencoderOptions([1, 2])).Message);
    }

    [Fact]
    public void TheSeedFixesEveryWeightBitForBit()
    {
        var a = new SkipAutoencoder3d(Small, seed: 42).NamedParameters();
        var b = new SkipAutoencoder3d(Small, seed: 42).NamedParameters();
        var c = new SkipAutoencoder3d(Small, seed: 43).NamedParameters();
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Parameter.Data, b[i].Parameter.Data);
        Assert.NotEqual(a[0].Parameter.Data, c[0].Parameter.Data);
        // PyTorch's default bound 1/√fanIn: enc2 has fan-in 2·27.
        float bound = 1 / MathF.Sqrt(54);
        var enc2 = a.First(p => p.Name == "enc2.weight").Parameter.Data;
        Assert.All(enc2, v => Assert.InRange(v, -bound, bound));
        Assert.True(enc2.Max() > 0.8f * bound && enc2.Min() < -0.8f * bound);
    }

    [Fact]
    public void CheckpointRoundTripRestoresTheModelAndItsArchitecture()
    {
        using var dir = new TempDirectory();
        var model = new SkipAutoencoder3d(Small, seed: 5);
        var metadata = Small.ToMetadata();
        metadata["optimizer"] = "Adadelta lr=1";
        Checkpoint.Save(model, dir.File("model.safetensors"), metadata);
        var read = SafeTensors.Read(dir.File("model.safetensors")).Metadata;
        var restored = new SkipAutoencoder3d(SkipAutoencoderOptions.FromMetadata(read), seed: 6);
        var loadedMetadata = Checkpoint.Load(restored, dir.File("model.safetensors"));
        Assert.Equal("Adadelta lr=1", loadedMetadata["optimizer"]);
        var x = GradientCheck.Random(7, 0, 1, 1, 1, 8, 8, 8);
        Assert.Equal(model.Forward(x).Data, restored.Forward(x).Data);

        var other = new SkipAutoencoder3d(new SkipAutoencoderOptions([2, 3, 5], 2, [1, 2, 2, 1]), seed: 1);
        var before = other.Parameters().Select(p => (float[])p.Data.Clone()).ToArray();
        var e = Assert.Throws<CranioFormatException>(() => Checkpoint.Load(other, dir.File("model.safetensors")));
        Assert.Equal("enc3.weight", e.Field);
        Assert.Contains("expected shape (5, 3, 3, 3, 3)", e.Problem);
        Assert.Equal(before, other.Parameters().Select(p => p.Data));
    }

    [Fact]
    public void TrainingReducesTheLossAndIsDeterministic()
    {
        // Learn to copy a fixed mask (a ball) from a noisy version of itself: the loss must fall well below its start.
        float[] Train(out float first, out float last)
        {
            var model = new SkipAutoencoder3d(Small, seed: 3);
            var optimizer = new Adam(model.Parameters(), learningRate: 1e-2);
            var target = new Tensor(1, 1, 8, 8, 8);
            for (int z = 0; z < 8; z++)
            for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                target.Data[(z * 8 + y) * 8 + x] = (x - 3.5f) * (x - 3.5f) + (y - 3.5f) * (y - 3.5f) + (z - 3.5f) * (z - 3.5f) < 9 ? 1 : 0;
            var input = target.Clone();
            var noise = new SplitMix64(9);
            for (int i = 0; i < input.Length; i++) if (noise.NextSingle() < 0.1f) input.Data[i] = 1 - input.Data[i];
            first = last = 0;
            for (int step = 0; step < 60; step++)
            {
                optimizer.ZeroGrad();
                var loss = Functional.BinaryCrossEntropyWithLogits(model.Forward(input), target);
                if (step == 0) first = loss.Data[0];
                last = loss.Data[0];
                loss.Backward();
                optimizer.Step();
            }
            return model.Parameters().SelectMany(p => p.Data).ToArray();
        }
        var weights = Train(out float start, out float end);
        Assert.True(end < 0.5f * start, $"loss went from {start} to {end}");
        Assert.Equal(weights, Train(out _, out _));
    }
}

using Cranio.IO;
using Cranio.Learning;

namespace Cranio.Tests.Learning;

/// <summary>Optimiser state in training checkpoints: stopping and resuming must not change a single weight bit.</summary>
public sealed class OptimizerCheckpointTests
{
    private static readonly SkipAutoencoderOptions Small = new([2, 3, 4], 2, [1, 2, 2, 1]);

    private static Optimizer Create(string kind, SkipAutoencoder3d model) => kind switch
    {
        "adam" => new Adam(model.Parameters(), learningRate: 1e-2),
        _ => new Adadelta(model.Parameters()),
    };

    /// <summary>Steps of BCE on a fixed random input and target, the same for every call.</summary>
    private static void Steps(SkipAutoencoder3d model, Optimizer optimizer, int first, int count)
    {
        for (int step = first; step < first + count; step++)
        {
            var input = GradientCheck.Random((ulong)(100 + step), 0, 1, 1, 1, 8, 8, 8);
            var target = GradientCheck.Random((ulong)(200 + step), 0, 1, 1, 1, 8, 8, 8);
            for (int i = 0; i < target.Length; i++) target.Data[i] = target.Data[i] > 0.5f ? 1 : 0;
            optimizer.ZeroGrad();
            Functional.BinaryCrossEntropyWithLogits(model.Forward(input), target).Backward();
            optimizer.Step();
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adadelta")]
    public void ResumingFromATrainingCheckpointRepeatsTheUninterruptedRunBitForBit(string kind)
    {
        using var dir = new TempDirectory();
        var straight = new SkipAutoencoder3d(Small, seed: 4);
        Steps(straight, Create(kind, straight), 0, 6);

        var stopped = new SkipAutoencoder3d(Small, seed: 4);
        var stoppedOptimizer = Create(kind, stopped);
        Steps(stopped, stoppedOptimizer, 0, 3);
        string path = dir.File("training.safetensors");
        Checkpoint.Save(stopped, path, Small.ToMetadata(), stoppedOptimizer);

        var (resumed, restored, resumedSteps) = ResumeForThreeSteps(kind, path);
        Assert.True(restored);
        Assert.Equal(3, resumedSteps);
        Assert.Equal(straight.Parameters().SelectMany(p => p.Data), resumed.Parameters().SelectMany(p => p.Data));

        // Without the state (a weights-only file) the moments restart, and the run drifts from the uninterrupted one.
        string weightsOnly = dir.File("weights.safetensors");
        Checkpoint.Save(stopped, weightsOnly, Small.ToMetadata());
        var (fresh, freshRestored, freshSteps) = ResumeForThreeSteps(kind, weightsOnly);
        Assert.False(freshRestored);
        Assert.Equal(0, freshSteps);
        Assert.NotEqual(straight.Parameters().SelectMany(p => p.Data), fresh.Parameters().SelectMany(p => p.Data));
    }

    /// <summary>
    /// A new model and optimiser loaded from <paramref name="path"/>, then trained for steps 3–5: whether the file had
    /// optimiser state, and the step count the optimiser resumed at.
    /// </summary>
    private static (SkipAutoencoder3d Model, bool Restored, int StepsAtResume) ResumeForThreeSteps(string kind, string path)
    {
        var model = new SkipAutoencoder3d(Small, seed: 99);
        Checkpoint.Load(model, path);
        var optimizer = Create(kind, model);
        bool restored = Checkpoint.LoadOptimizer(optimizer, model, path);
        int stepsAtResume = optimizer.StepCount;
        Steps(model, optimizer, 3, 3);
        return (model, restored, stepsAtResume);
    }

    /// <summary>A model trained with Adam for <paramref name="steps"/> steps, saved with its optimiser state to <paramref name="path"/>.</summary>
    private static SkipAutoencoder3d AdamCheckpoint(string path, int steps)
    {
        var model = new SkipAutoencoder3d(Small, seed: 4);
        var optimizer = new Adam(model.Parameters());
        Steps(model, optimizer, 0, steps);
        Checkpoint.Save(model, path, null, optimizer);
        return model;
    }

    [Fact]
    public void TheStateIsStoredUnderPyTorchsSlotNamesWithTheParametersShapes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("training.safetensors");
        var model = AdamCheckpoint(path, steps: 2);
        var file = SafeTensors.Read(path);
        Assert.Equal("2", file.Metadata[Checkpoint.OptimizerStepsKey]);
        var (name, parameter) = model.NamedParameters()[0];
        Assert.Equal(parameter.Shape, file.Tensors[$"optimizer.exp_avg.{name}"].Shape);
        Assert.Equal(parameter.Shape, file.Tensors[$"optimizer.exp_avg_sq.{name}"].Shape);
        Assert.Equal(3 * model.NamedParameters().Count, file.Entries.Count);
        Assert.Contains(file.Tensors[$"optimizer.exp_avg_sq.{name}"].Data, v => v > 0);
    }

    [Fact]
    public void MismatchedOrMalformedStateIsRejectedNamingTheFileAndLeavesTheOptimizerUnchanged()
    {
        using var dir = new TempDirectory();
        string path = dir.File("adam.safetensors");
        var model = AdamCheckpoint(path, steps: 1);

        // Adadelta's slots are not in an Adam checkpoint.
        var adadelta = new Adadelta(model.Parameters());
        var e = Assert.Throws<CranioFormatException>(() => Checkpoint.LoadOptimizer(adadelta, model, path));
        Assert.Equal(path, e.Path);
        Assert.Contains("square_avg", e.Problem);
        Assert.Equal(0, adadelta.StepCount);
        Assert.All(adadelta.State, s => Assert.All(s.Buffers, b => Assert.All(b, v => Assert.Equal(0f, v))));

        // A step count that is not a whole number.
        var tensors = SafeTensors.Read(path).Entries.Select(p => (p.Key, p.Value)).ToList();
        string bad = dir.File("bad.safetensors");
        SafeTensors.Write(bad, tensors, new Dictionary<string, string> { [Checkpoint.OptimizerStepsKey] = "-3" });
        var fresh = new Adam(model.Parameters());
        Assert.Equal(Checkpoint.OptimizerStepsKey, Assert.Throws<CranioFormatException>(() => Checkpoint.LoadOptimizer(fresh, model, bad)).Field);

        // An optimiser over another model's parameters cannot be saved with this one.
        var other = new SkipAutoencoder3d(Small, seed: 5);
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(model, dir.File("x.safetensors"), null, new Adam(other.Parameters())));
        Assert.False(File.Exists(dir.File("x.safetensors")));
    }
}

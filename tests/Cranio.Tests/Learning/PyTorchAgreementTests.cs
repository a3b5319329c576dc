using Cranio.Learning;

namespace Cranio.Tests.Learning;

/// <summary>
/// A small SkipAutoencoder3d against PyTorch: fixture written by bench/learning/make_fixture.py (PyTorch's weights,
/// input, target, logits, losses, gradients, weights after one Adam and one Adadelta step), read with our reader.
/// Agreement to 1e-4 relative to each tensor's largest magnitude.
/// </summary>
public class PyTorchAgreementTests
{
    private const double Tolerance = 1e-4;

    private static readonly Lazy<SafeTensorsFile> Fixture = new(() =>
        SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Learning", "Fixtures", "skip_autoencoder_step.safetensors")));

    private static (SkipAutoencoder3d Model, Tensor Input, Tensor Target) Setup()
    {
        var f = Fixture.Value;
        var metadata = new Dictionary<string, string>(f.Metadata) { ["architecture"] = nameof(SkipAutoencoder3d), ["in_channels"] = "1", ["out_channels"] = "1" };
        var model = new SkipAutoencoder3d(SkipAutoencoderOptions.FromMetadata(metadata), seed: 99);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            var stored = f["weights." + name];
            Assert.Equal(stored.Shape, parameter.Shape);
            stored.Data.CopyTo(parameter.Data, 0);
        }
        Assert.Equal(model.NamedParameters().Count, f.Entries.Count(e => e.Key.StartsWith("weights.", StringComparison.Ordinal)));
        return (model, f["input"], f["target"]);
    }

    private static void AssertRelative(Tensor expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Data.Max(v => Math.Abs(v));
        Assert.True(scale > 0, $"{what}: the expected tensor is all zero, which would make the comparison vacuous");
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual[i]) <= Tolerance * scale,
                $"{what}[{i}]: PyTorch {expected.Data[i]}, ours {actual[i]} (scale {scale})");
    }

    [Fact]
    public void ForwardLossAndGradientsMatchPyTorch()
    {
        var (model, input, target) = Setup();
        var f = Fixture.Value;
        var logits = model.Forward(input);
        Assert.Equal(f["logits"].Shape, logits.Shape);
        AssertRelative(f["logits"], logits.Data, "logits");
        var loss = Functional.BinaryCrossEntropyWithLogits(logits, target);
        AssertRelative(f["loss"], loss.Data, "loss");
        loss.Backward();
        foreach (var (name, parameter) in model.NamedParameters())
            AssertRelative(f["grad." + name], parameter.Grad, "grad." + name);
    }

    [Fact]
    public void SoftDiceAndItsGradientMatchPyTorch()
    {
        var f = Fixture.Value;
        var logits = f["logits"].Clone();
        logits.RequiresGrad = true;
        var dice = Functional.SoftDiceLoss(Functional.Sigmoid(logits), f["target"]);
        AssertRelative(f["dice"], dice.Data, "dice");
        dice.Backward();
        AssertRelative(f["dice_grad_logits"], logits.Grad, "dice gradient");
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adadelta")]
    public void OneOptimizerStepMatchesPyTorch(string optimizer)
    {
        var (model, input, target) = Setup();
        var f = Fixture.Value;
        Optimizer step = optimizer == "adam" ? new Adam(model.Parameters(), learningRate: 1e-3) : new Adadelta(model.Parameters(), learningRate: 1.0);
        Functional.BinaryCrossEntropyWithLogits(model.Forward(input), target).Backward();
        step.Step();
        foreach (var (name, parameter) in model.NamedParameters())
        {
            AssertRelative(f[$"{optimizer}.{name}"], parameter.Data, $"{optimizer}.{name}");
            // The step must actually move the weights, or the comparison above would pass for a no-op optimiser.
            Assert.NotEqual(f["weights." + name].Data, parameter.Data);
        }
    }
}

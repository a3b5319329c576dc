using Cranio.Design;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Tests.Design;

namespace Cranio.Tests.Learning;

public sealed class FoldedShapeModelsTests
{
    /// <summary>Writes the first <paramref name="count"/> shape-model training phantoms as complete skulls 000, 001, …</summary>
    private static string CompleteSkulls(TempDirectory temp, int count)
    {
        string folder = temp.File("complete_skull");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++)
        {
            var phantom = SkullShapeModelTests.Training[i];
            VolumeFile.Write(phantom.Build(phantom.MakeGrid(3)).Complete, Path.Combine(folder, $"{i:000}.nrrd"));
        }
        return folder;
    }

    [Fact]
    public void EachTrainingCaseGetsTheModelBuiltWithoutItsFold()
    {
        using var temp = new TempDirectory();
        string skulls = CompleteSkulls(temp, 5), cache = temp.File("cache");
        Directory.CreateDirectory(cache);
        var built = new List<string>();
        var folds = new FoldedShapeModels(["003", "000", "004", "001", "002"], skulls, cache, folds: 2);

        // Dealt in case order: 000, 002, 004 in fold 0; 001, 003 in fold 1; any other case uses the full model.
        Assert.Equal([0, 1, 0, 1, 0, -1], new[] { "000", "001", "002", "003", "004", "060" }.Select(folds.FoldOf));
        Assert.Equal(["2-fold-1 of 2 skulls", "2-fold-2 of 3 skulls", "2-all of 5 skulls"], new[] { "000", "001", "060" }.Select(folds.ModelName));
        var prior = folds.PriorFor("002", built.Add);
        Assert.Same(prior, folds.PriorFor("000", built.Add));
        Assert.NotSame(prior, folds.PriorFor("001", built.Add));
        var all = folds.PriorFor("060", built.Add);
        Assert.Equal(3, built.Count);

        // Case 002's prior knows only skulls 001 and 003: its model is the model built from those two alone.
        string withoutFold0 = Path.Combine(cache, "shape-model-2-fold-0.safetensors");
        Assert.Equal("001,003", SafeTensors.Read(withoutFold0).Metadata["skull_files"]);
        SkullShapeModel model = prior.Options.ShapeModel!;
        Assert.Equal(2, model.SkullCount);
        var direct = SkullShapeModel.Build(new[] { 1, 3 }.Select(i => VolumeFile.Read(Path.Combine(skulls, $"{i:000}.nrrd")).ToMask()));
        Assert.Equal(direct.MeanOuter, model.MeanOuter);
        Assert.Equal(direct.MeanInner, model.MeanInner);
        Assert.Equal(5, all.Options.ShapeModel!.SkullCount);
        Assert.Equal("000,001,002,003,004", SafeTensors.Read(Path.Combine(cache, "shape-model-2-all.safetensors")).Metadata["skull_files"]);
    }

    [Fact]
    public void CachedModelsAreReusedOnlyForTheSameSkulls()
    {
        using var temp = new TempDirectory();
        string skulls = CompleteSkulls(temp, 5), cache = temp.File("cache");
        Directory.CreateDirectory(cache);
        new FoldedShapeModels(["000", "001", "002", "003", "004"], skulls, cache, folds: 2).PriorFor("000");
        new FoldedShapeModels(["000", "001", "002", "003", "004"], skulls, cache, folds: 2).PriorFor("001");
        byte[] fold0 = File.ReadAllBytes(Path.Combine(cache, "shape-model-2-fold-0.safetensors"));

        // Four skulls: fold 0 is {000, 002}, whose complement {001, 003} is the cached model's, so it is read, not
        // built; fold 1's complement is now {000, 002}, not the cached {000, 002, 004}, so it is built again.
        var built = new List<string>();
        var fewer = new FoldedShapeModels(["000", "001", "002", "003"], skulls, cache, folds: 2);
        Assert.Equal(2, fewer.PriorFor("002", built.Add).Options.ShapeModel!.SkullCount);
        Assert.Empty(built);
        Assert.Equal(fold0, File.ReadAllBytes(Path.Combine(cache, "shape-model-2-fold-0.safetensors")));
        Assert.Equal(2, fewer.PriorFor("003", built.Add).Options.ShapeModel!.SkullCount);
        Assert.Single(built);
        Assert.Equal("000,002", SafeTensors.Read(Path.Combine(cache, "shape-model-2-fold-1.safetensors")).Metadata["skull_files"]);
    }

    [Fact]
    public void TooFewSkullsForTheFoldsAreRefused()
    {
        // Three skulls in two folds: fold 0 holds 000 and 002, so its model would have one skull.
        var e = Assert.Throws<ArgumentException>(() => new FoldedShapeModels(["000", "001", "002"], "unused", "unused", folds: 2));
        Assert.Contains("got 3 skulls", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FoldedShapeModels(["000", "001", "002", "003"], "unused", "unused", folds: 1));
        var options = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(shapeModelFolds: 1));
        Assert.Contains("at least 2", options.Message, StringComparison.Ordinal);
        Assert.Equal("5", new PatchTrainingOptions(shapeModelFolds: 5).ToMetadata()["train_shape_model_folds"]);
    }
}

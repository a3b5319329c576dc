using Cranio.Design;
using Cranio.Learning;

namespace Cranio.Tests.Learning;

public sealed class PatchSampleTests
{
    private static PatchSample Sample()
    {
        var input = new Tensor(Enumerable.Range(0, 2 * 8 * 8 * 8).Select(i => (i % 7) / 7f).ToArray(), 1, 2, 8, 8, 8);
        var target = new Tensor(Enumerable.Range(0, 8 * 8 * 8).Select(i => (i % 3) / 3f).ToArray(), 1, 1, 8, 8, 8);
        return new PatchSample("real-007", input, target);
    }

    [Fact]
    public void ACachedSampleIsReusedOnlyForTheSameWindowAndPrior()
    {
        using var temp = new TempDirectory();
        string path = temp.File("real-007.safetensors");
        string prior = $"spherical-map {new SphericalMapOptions().Describe()}; shape model 5-all of 60 skulls";
        Sample().Save(path, PatchWindowOptions.Default, prior);

        PatchSample? again = PatchSample.Load(path, PatchWindowOptions.Default, prior);
        Assert.NotNull(again);
        Assert.Equal("real-007", again.Name);
        Assert.Equal(Sample().Input.Data, again.Input.Data);
        Assert.Equal(Sample().Target.Data, again.Target.Data);

        Assert.Null(PatchSample.Load(path, new PatchWindowOptions(spacingMm: 0.5), prior));
        string unfaded = $"spherical-map {new SphericalMapOptions(shapeGuideRampMm: 0).Describe()}; shape model 5-all of 60 skulls";
        Assert.Null(PatchSample.Load(path, PatchWindowOptions.Default, unfaded));
        Assert.Null(PatchSample.Load(path, PatchWindowOptions.Default, prior.Replace("5-all", "5-fold-1")));
    }

    [Fact]
    public void ASampleWithAnotherChannelCountThanExpectedIsAFormatErrorNamingTheShapes()
    {
        using var temp = new TempDirectory();
        string path = temp.File("real-007.safetensors");
        Sample().Save(path, PatchWindowOptions.Default, "p");
        var e = Assert.Throws<Cranio.IO.CranioFormatException>(() => PatchSample.Load(path, PatchWindowOptions.Default, "p", channels: 3));
        Assert.Contains("expected input (1, 3, D, H, W)", e.Message);
        Assert.Contains("(1, 2, 8, 8, 8)", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void TheLowDefectFlagTravelsWithTheCachedSampleAndAGarbledOneIsNamed()
    {
        using var temp = new TempDirectory();
        foreach (bool? flag in new bool?[] { true, false, null })
        {
            string path = temp.File($"flag-{flag}.safetensors");
            (Sample() with { ReachesBelowVaultCentre = flag }).Save(path, PatchWindowOptions.Default, "p");
            Assert.Equal(flag, PatchSample.Load(path, PatchWindowOptions.Default, "p")!.ReachesBelowVaultCentre);
            Assert.Equal(flag is not null, SafeTensors.Read(path).Metadata.ContainsKey(PatchSample.ReachesLowKey));
        }
        string garbled = temp.File("garbled.safetensors");
        var metadata = PatchWindowOptions.Default.ToMetadata();
        metadata[PatchSample.PriorKey] = "p";
        metadata[PatchSample.ReachesLowKey] = "yes";
        SafeTensors.Write(garbled, [("input", Sample().Input), ("target", Sample().Target)], metadata);
        var e = Assert.Throws<Cranio.IO.CranioFormatException>(() => PatchSample.Load(garbled, PatchWindowOptions.Default, "p"));
        Assert.Contains(garbled, e.Message);
        Assert.Contains(PatchSample.ReachesLowKey, e.Message);
        Assert.Contains("\"yes\"", e.Message);
    }

    [Fact]
    public void ASampleWithoutAPriorDescriptionIsNotReused()
    {
        using var temp = new TempDirectory();
        string path = temp.File("old.safetensors");
        var metadata = PatchWindowOptions.Default.ToMetadata();
        metadata["name"] = "real-007";
        SafeTensors.Write(path, [("input", Sample().Input), ("target", Sample().Target)], metadata);
        Assert.Null(PatchSample.Load(path, PatchWindowOptions.Default, "anything"));
    }

    [Fact]
    public void TheSettingsDescriptionNamesEverySettingButTheModel()
    {
        string text = new SphericalMapOptions().Describe();
        Assert.Equal(new SphericalMapOptions().Describe(), text);
        Assert.Contains("subdivision=auto", text);
        Assert.Contains("border_band_mm=6", text);
        Assert.Contains("shape_guide_ramp_mm=20", text);
        Assert.Equal(14, text.Split(';').Length);
        Assert.EndsWith(";mirror_thickness_floor=true", text);
        Assert.NotEqual(text, new SphericalMapOptions(mirrorSupplement: false).Describe());
        // Without the floor the description is the one written before the setting existed, so priors and networks
        // made then still match: 13 pairs, none naming the floor.
        string withoutFloor = new SphericalMapOptions(mirrorThicknessFloor: false).Describe();
        Assert.Equal(text[..^";mirror_thickness_floor=true".Length], withoutFloor);
        Assert.Equal(13, withoutFloor.Split(';').Length);
        Assert.Equal(withoutFloor, PatchTrainingOptions.PriorOptions.Describe());
        Assert.NotEqual(text, new SphericalMapOptions(subdivision: 5).Describe());
    }
}

using System.Text.Json;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Phantoms;
using Cranio.Pipeline;
using Cranio.Tests.Cli;
using Cranio.Volumes;

namespace Cranio.Tests.Pipeline;

public class CasePipelineTests
{
    private static readonly SkullPhantomOptions Phantom = new(Spacing: 1.5, TiltDegrees: 12, DefectRadius: 28, DefectDirection: new Vec3(-0.6, 0.3, 0.75));

    private static (long Overlap, long Truth, long Implant) Compare(Volume<byte> implant)
    {
        Volume<byte> complete = SkullPhantom.Mask(Phantom with { DefectRadius = 0 }), defective = SkullPhantom.Mask(Phantom);
        long overlap = 0, truth = 0;
        for (int i = 0; i < complete.Data.Length; i++)
        {
            int t = complete.Data[i] & (1 - defective.Data[i]);
            truth += t;
            overlap += t & implant.Data[i];
        }
        return (overlap, truth, implant.CountNonZero());
    }

    [Fact]
    public void CtInput_GivesSkullImplantMeshesAndReport_OnTheCtGrid()
    {
        using var dir = new TempDirectory();
        var (ct, defective) = SkullPhantom.Ct(Phantom);
        string input = dir.File("ct.nii.gz");
        VolumeFile.Write(ct, input);
        string output = Path.Combine(dir.Path, "out");

        PipelineResult result = new CasePipeline(new PipelineOptions()).Run(input, output);

        Assert.NotNull(result.Extraction);
        foreach (string name in CasePipeline.OutputNames) Assert.True(File.Exists(Path.Combine(output, name)), $"{name} missing");
        var implant = Assert.IsType<Volume<byte>>(VolumeFile.Read(result.ImplantMaskPath));
        Assert.Null(implant.Grid.DifferenceFrom(ct.Grid, 1e-5));
        var skull = Assert.IsType<Volume<byte>>(VolumeFile.Read(result.SkullMaskPath));
        for (int i = 0; i < skull.Data.Length; i++) Assert.False(skull.Data[i] == 1 && implant.Data[i] == 1, "implant and skull overlap");

        var (overlap, truth, size) = Compare(implant);
        double dice = 2.0 * overlap / (truth + size);
        Assert.True(dice > 0.7, $"implant DSC {dice:F3} against the phantom's lost bone");

        TriangleMesh mesh = StlReader.Read(result.ImplantStlPath);
        Assert.True(mesh.CheckTopology().IsClosedManifold);
        Assert.True(result.ImplantMeshClosed);

        using var json = JsonDocument.Parse(File.ReadAllText(result.ReportJsonPath));
        Assert.Equal(result.Design.ImplantVolumeCm3, json.RootElement.GetProperty("implant_volume_cm3").GetDouble(), 9);
        Assert.True(json.RootElement.GetProperty("defects").GetArrayLength() >= 1);
        var first = json.RootElement.GetProperty("defects")[0];
        Assert.Equal(result.Design.Defects[0].ReachesBelowVaultCentre, first.GetProperty("reaches_below_vault_centre").GetBoolean());
        Assert.Contains("Implant design report", File.ReadAllText(result.ReportHtmlPath));
        Assert.Contains("reaches below the vault centre", File.ReadAllText(result.ReportHtmlPath));
    }

    [Fact]
    public void MaskInput_SkipsExtraction_AndMirrorMethodWorks()
    {
        using var dir = new TempDirectory();
        string input = dir.File("defective.nrrd");
        VolumeFile.Write(SkullPhantom.Mask(Phantom), input);
        PipelineResult result = new CasePipeline(new PipelineOptions { Method = "mirror" }).Run(input, Path.Combine(dir.Path, "out"));
        Assert.Null(result.Extraction);
        Assert.Null(result.CtPath);
        Assert.Equal("mirror", result.Design.Designer);
        Assert.True(Compare((Volume<byte>)VolumeFile.Read(result.ImplantMaskPath)).Overlap > 0);
    }

    [Fact]
    public void Run_RefusesToOverwriteItsInput_AndUnknownMethod()
    {
        using var dir = new TempDirectory();
        string input = dir.File("skull.nrrd");
        VolumeFile.Write(SkullPhantom.Mask(Phantom with { Spacing = 3 }), input);
        byte[] before = File.ReadAllBytes(input);
        Assert.Throws<ArgumentException>(() => new CasePipeline(new PipelineOptions()).Run(input, dir.Path));
        Assert.Throws<ArgumentException>(() => new CasePipeline(new PipelineOptions { Method = "magic" }).Run(input, Path.Combine(dir.Path, "o")));
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Cli_Run_And_Design()
    {
        using var dir = new TempDirectory();
        string input = dir.File("defective.nrrd");
        VolumeFile.Write(SkullPhantom.Mask(Phantom with { Spacing = 2 }), input);
        var (code, output, error) = CliRunner.Run("run", input, "-o", dir.File("out"));
        Assert.True(code == 0, error);
        Assert.Contains("implant.stl", output);
        (code, output, error) = CliRunner.Run("design", input, "-o", dir.File("implant.nii.gz"), "--stl", dir.File("implant.stl"), "--method", "spherical");
        Assert.True(code == 0, error);
        Assert.Contains("closed and manifold", output);
        Assert.Equal(2, CliRunner.Run("design", input, "-o", dir.File("i.nrrd"), "--method", "magic").Code);
    }
}

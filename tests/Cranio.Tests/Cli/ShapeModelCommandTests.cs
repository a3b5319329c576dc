using Cranio.Design;
using Cranio.IO;
using Cranio.Tests.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Cli;

public sealed class ShapeModelCommandTests
{
    private static TempDirectory ThreeSkulls()
    {
        var folder = new TempDirectory();
        double[] heights = [2, 6, 10];
        for (int i = 0; i < heights.Length; i++)
        {
            var phantom = new BulgingShellPhantom(Height: heights[i], A: 68 + 2 * i);
            VolumeFile.Write(phantom.Build(phantom.MakeGrid(3)).Complete, folder.File($"{i:000}.nrrd"));
        }
        return folder;
    }

    [Fact]
    public void BuildsAModelFromTheSkullsOfTheCaseRange()
    {
        using var folder = ThreeSkulls();
        string output = folder.File("model.safetensors");
        byte[] first = File.ReadAllBytes(folder.File("000.nrrd"));

        var (code, text, error) = CliRunner.Run("shape-model", "--skulls", folder.Path, "--cases", "1-2", "--subdivision", "3", "--modes", "5", "-o", output);

        Assert.True(code == 0, error);
        Assert.Contains("2 skulls, 1 modes", text);
        SkullShapeModel model = SkullShapeModel.Load(output);
        Assert.Equal(2, model.SkullCount);
        Assert.Equal(1, model.ModeCount);
        Assert.Equal(3, model.Mesh.Subdivision);
        Assert.Equal(first, File.ReadAllBytes(folder.File("000.nrrd")));
    }

    [Theory]
    [InlineData("--cases", "5-9", "at least two skull files")]
    [InlineData("--cases", "9-5", "FIRST-LAST")]
    [InlineData("--subdivision", "9", "subdivision")]
    public void RefusesBadSettingsAndWritesNothing(string option, string value, string message)
    {
        using var folder = ThreeSkulls();
        string output = folder.File("model.safetensors");
        var (code, _, error) = CliRunner.Run("shape-model", "--skulls", folder.Path, option, value, "-o", output);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void RefusesToOverwriteAnInputSkull()
    {
        using var folder = ThreeSkulls();
        byte[] before = File.ReadAllBytes(folder.File("001.nrrd"));
        var (code, _, error) = CliRunner.Run("shape-model", "--skulls", folder.Path, "-o", folder.File("001.nrrd"));
        Assert.NotEqual(0, code);
        Assert.Contains("overwrite", error);
        Assert.Equal(before, File.ReadAllBytes(folder.File("001.nrrd")));
    }
}

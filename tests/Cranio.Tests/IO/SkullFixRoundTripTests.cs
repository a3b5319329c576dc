using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

/// <summary>
/// Every SkullFix case (AutoImplant 2020; CC BY-NC-SA 4.0; read from the shared data folder) goes
/// NRRD → NIfTI → NRRD with identical voxels, directions within 1e-6 and origin within 1e-4 mm.
/// </summary>
public class SkullFixRoundTripTests
{
    [SkippableFact]
    public void EveryCase_NrrdToNiftiToNrrd_KeepsVoxelsAndGeometry()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        string[] cases = SharedData.Cases("complete_skull");
        Assert.Equal(75, cases.Length);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, path =>
        {
            string? problem = RoundTripProblem(path);
            if (problem is not null) failures.Add($"{Path.GetFileName(path)}: {problem}");
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order()));
    }

    /// <summary>NRRD → NIfTI → NRRD in memory (uncompressed: the gzip paths have their own tests); null when all agrees.</summary>
    private static string? RoundTripProblem(string path)
    {
        Volume original = NrrdReader.Read(path);
        using var nifti = new MemoryStream();
        NiftiWriter.Write(original, nifti, gzip: false);
        nifti.Position = 0;
        Volume viaNifti = NiftiReader.Read(nifti, path + ".nii");
        using var nrrd = new MemoryStream();
        NrrdWriter.Write(viaNifti, nrrd, new NrrdWriteOptions(Compress: false));
        Volume back = NrrdReader.Read(nrrd, path + ".nrrd");

        Grid a = original.Grid, b = back.Grid;
        if (original.VoxelType != back.VoxelType) return $"type {original.VoxelType} became {back.VoxelType}";
        if (a.Size != b.Size) return $"sizes {a.Size} became {b.Size}";
        if (!original.RawBytes.SequenceEqual(back.RawBytes)) return "voxels differ";
        if (a.Direction.MaxAbsDifference(b.Direction) > 1e-6) return $"direction {a.Direction} became {b.Direction}";
        if (a.Origin.MaxAbsDifference(b.Origin) > 1e-4) return $"origin {a.Origin} became {b.Origin}";
        if (a.Spacing.MaxAbsDifference(b.Spacing) > 1e-5) return $"spacing {a.Spacing} became {b.Spacing}";
        return null;
    }

    [SkippableFact]
    public void EveryCase_DefectiveAndImplantShareTheCompleteSkullsGrid()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        foreach (string complete in SharedData.Cases("complete_skull"))
        {
            string name = Path.GetFileName(complete);
            Grid grid = NrrdReader.ReadGeometry(complete).Grid;
            foreach (string part in new[] { "defective_skull", "implant" })
                grid.EnsureSameAs(NrrdReader.ReadGeometry(Path.Combine(SharedData.SkullFixDirectory!, part, name)).Grid, $"complete_skull/{name}", $"{part}/{name}");
        }
    }

    [SkippableFact]
    public void SharedData_HasObliqueCases()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        int oblique = SharedData.Cases("complete_skull").Count(f => !NrrdReader.ReadGeometry(f).Grid.IsAxisAligned);
        Assert.InRange(oblique, 10, 60);
    }
}

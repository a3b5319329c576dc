using System.Diagnostics;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Segmentation;
using Cranio.Volumes;
using Cranio.Web;

namespace Cranio.Tests.Web;

/// <summary>
/// A small real case processor for the web tests: reads the upload, extracts the skull from a CT (or takes the
/// uploaded mask), meshes it and writes skull.nrrd, skull.stl and the CT as ct.nrrd, reporting the stages. It
/// counts the jobs it ran to completion per output folder, so tests can check that none ran twice.
/// </summary>
internal sealed class SkullSurfaceProcessor : ICaseProcessor
{
    private readonly Dictionary<string, int> _completions = new(StringComparer.Ordinal);

    /// <summary>Optional gate every job waits on before starting (observing cancellation), to hold jobs in the running state.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    /// <summary>Signalled when a job has started (after the gate is entered).</summary>
    public SemaphoreSlim Started { get; } = new(0);

    public IReadOnlyDictionary<string, int> Completions
    {
        get { lock (_completions) return new Dictionary<string, int>(_completions); }
    }

    public string? Unsupported(DesignParameters parameters) => null;

    public CaseResults Process(string inputPath, CaseInputKind kind, DesignParameters parameters, string outputDirectory,
        IProgress<JobProgress> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        Started.Release();
        Gate?.Wait(cancellation);
        cancellation.ThrowIfCancellationRequested();
        progress.Report(new JobProgress("extraction", 0));
        Volume input = VolumeFile.Read(inputPath);
        Volume<byte> skull = kind == CaseInputKind.Ct
            ? new SkullExtractor(SkullExtractionOptions.Default).Extract(input, new Progress<double>(f => progress.Report(new JobProgress("extraction", 0.5 * f)))).Mask
            : input.ToMask();
        cancellation.ThrowIfCancellationRequested();
        progress.Report(new JobProgress("meshing", 0.5));
        TriangleMesh mesh = MaskSurface.Create(skull, new MaskSurfaceOptions(parameters.SmoothingIterations));
        VolumeFile.Write(skull, Path.Combine(outputDirectory, "skull.nrrd"));
        StlWriter.Write(Path.Combine(outputDirectory, "skull.stl"), mesh);
        string? ct = null;
        if (kind == CaseInputKind.Ct)
        {
            ct = "ct.nrrd";
            VolumeFile.Write(input, Path.Combine(outputDirectory, ct));
        }
        progress.Report(new JobProgress("report", 0.95));
        lock (_completions) _completions[outputDirectory] = _completions.GetValueOrDefault(outputDirectory) + 1;
        return new CaseResults("skull.nrrd", "skull.stl", null, null, null, null, ct, [], null, clock.Elapsed.TotalSeconds);
    }
}

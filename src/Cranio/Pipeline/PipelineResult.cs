using Cranio.Design;
using Cranio.Segmentation;

namespace Cranio.Pipeline;

/// <summary>What <see cref="CasePipeline.Run"/> wrote and found. Paths are absolute.</summary>
/// <param name="OutputDirectory">The folder holding every output.</param>
/// <param name="CtPath">The input CT as NRRD (for viewers), or null when the input was a mask.</param>
/// <param name="SkullMaskPath">The skull mask (the input mask, or the one extracted from the CT).</param>
/// <param name="SkullStlPath">The skull surface, STL in LPS mm.</param>
/// <param name="ImplantMaskPath">The implant mask on the input grid.</param>
/// <param name="ImplantStlPath">The implant surface, STL in LPS mm.</param>
/// <param name="ReportJsonPath">The report as JSON.</param>
/// <param name="ReportHtmlPath">The report as one self-contained HTML page.</param>
/// <param name="Extraction">The skull extraction report, or null when the input was a mask.</param>
/// <param name="Design">The designer's report: defects with opening areas (cm²), implant volume (cm³), timings.</param>
/// <param name="SkullMeshTriangles">Triangles of the skull mesh.</param>
/// <param name="ImplantMeshTriangles">Triangles of the implant mesh.</param>
/// <param name="ImplantMeshClosed">Whether the implant mesh is closed and manifold (print-ready).</param>
/// <param name="Timings">Wall time per pipeline stage, in order.</param>
public sealed record PipelineResult(
    string OutputDirectory,
    string? CtPath,
    string SkullMaskPath,
    string SkullStlPath,
    string ImplantMaskPath,
    string ImplantStlPath,
    string ReportJsonPath,
    string ReportHtmlPath,
    SkullExtractionReport? Extraction,
    DesignReport Design,
    int SkullMeshTriangles,
    int ImplantMeshTriangles,
    bool ImplantMeshClosed,
    IReadOnlyList<StageTiming> Timings);

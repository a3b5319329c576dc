namespace Cranio.Web;

/// <summary>One uploaded case of one user.</summary>
/// <param name="Id">Random 16-hex-digit id (also the case folder's name).</param>
/// <param name="Owner">Id of the user who uploaded it; nobody else sees it.</param>
/// <param name="Name">Display name given at upload.</param>
/// <param name="InputName">File name as uploaded.</param>
/// <param name="InputPath">Path of the stored input (file or DICOM folder) relative to the case folder.</param>
/// <param name="Kind">CT or skull mask, told from the voxel values.</param>
/// <param name="Summary">Size, voxel type and spacing of the input, for display.</param>
/// <param name="Created">Upload time, UTC ISO 8601.</param>
public sealed record CaseRecord(string Id, long Owner, string Name, string InputName, string InputPath, CaseInputKind Kind, string Summary, string Created);

namespace Cranio.IO;

/// <summary>The volume file formats that Cranio reads and writes.</summary>
public enum VolumeFormat
{
    /// <summary>NRRD, attached (.nrrd) or detached (.nhdr) header.</summary>
    Nrrd,
}

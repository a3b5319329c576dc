namespace Cranio.IO;

/// <summary>The volume file formats that Cranio reads and writes.</summary>
public enum VolumeFormat
{
    /// <summary>NRRD, attached (.nrrd) or detached (.nhdr) header.</summary>
    Nrrd,

    /// <summary>NIfTI-1: a single .nii file (raw or gzip) or a .hdr/.img pair.</summary>
    Nifti,
}

namespace Cranio.Pipeline;

/// <summary>What a pipeline input holds.</summary>
public enum InputKind
{
    /// <summary>Decide from the voxels: an integer volume with values in {0, 1} is a skull mask, anything else a CT.</summary>
    Auto,
    /// <summary>A CT in Hounsfield units: the skull is extracted first.</summary>
    Ct,
    /// <summary>A skull mask (non-zero = bone).</summary>
    Mask,
}

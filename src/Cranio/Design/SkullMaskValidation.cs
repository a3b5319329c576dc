using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>The input check every designer runs first: a non-empty 0/1 mask.</summary>
internal static class SkullMaskValidation
{
    /// <summary>Throws when <paramref name="skull"/> is null, empty or holds a value other than 0 and 1.</summary>
    public static void Validate(Volume<byte> skull)
    {
        ArgumentNullException.ThrowIfNull(skull);
        byte max = 0;
        bool anyBone = false;
        foreach (byte value in skull.Data)
        {
            if (value > max) max = value;
            if (value != 0) anyBone = true;
        }
        if (max > 1)
            throw new ArgumentException($"The defective skull must be a 0/1 mask; found the value {max}.", nameof(skull));
        if (!anyBone)
            throw new ArgumentException("The defective skull mask is empty: no voxel is 1.", nameof(skull));
    }
}

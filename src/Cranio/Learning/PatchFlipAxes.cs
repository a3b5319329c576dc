namespace Cranio.Learning;

/// <summary>
/// The axes along which <see cref="PatchTrainer"/> mirrors a training sub-patch, each with probability ½
/// (<see cref="PatchTrainingOptions.Flips"/>).
/// </summary>
public enum PatchFlipAxes
{
    /// <summary>
    /// Every working axis: a patch may come out upside down or back to front, so the network learns one rule for
    /// the brow and the occiput alike (the shipped network's augmentation).
    /// </summary>
    All,

    /// <summary>
    /// The left–right axis only (working x; the working grid's axes are the closest to left, posterior, superior,
    /// <see cref="Cranio.Design.PatchWindow"/>): a mirrored head is still a head, and every patch keeps its up and
    /// its front, so the network may learn where the brow, the orbits and the skull base lie.
    /// </summary>
    LeftRight,
}

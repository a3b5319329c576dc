namespace Cranio.Learning;

/// <summary>What the coarse network (<see cref="Design.CoarseSkullModel"/>) learns to predict from the defective skull.</summary>
public enum CoarseTarget
{
    /// <summary>The complete skull (shape completion, Wu et al. 2022); the implant is the completion minus the defective skull.</summary>
    CompleteSkull,

    /// <summary>The implant itself (the complete skull minus the defective one), as the coarse stage of Li et al. (2021) locates the defect.</summary>
    Implant,
}

using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>One injected defect: the defective skull, the implant and the record, both masks on the input grid.</summary>
/// <param name="Defective">The complete skull minus the removed bone (0/1).</param>
/// <param name="Implant">The implant (0/1): the removed bone complete ∧ shape, less the voxels closer than the clinical gap
/// to the defective skull (<see cref="Cranio.Design.ClinicalGap"/>).</param>
/// <param name="Shape">The shape that was removed.</param>
/// <param name="Record">Metadata of the defect.</param>
public sealed record DefectResult(Volume<byte> Defective, Volume<byte> Implant, DefectShape Shape, DefectRecord Record);

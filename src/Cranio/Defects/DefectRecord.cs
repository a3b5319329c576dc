using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>What was done to make one defect: the metadata of a dataset row.</summary>
/// <param name="Kind">The defect kind's manifest name (<see cref="DefectKinds.Name"/>), or the shape kind for a given shape.</param>
/// <param name="Parameters">The shape's parameters (<see cref="DefectShape.Describe"/>), lengths in mm.</param>
/// <param name="Center">The shape's centre, mm in LPS.</param>
/// <param name="Seed">The seed the defect was drawn with (0 for a given shape).</param>
/// <param name="Attempts">Placements drawn until one was accepted.</param>
/// <param name="ClinicalGap">Clearance in mm between implant and defect border (<see cref="Cranio.Design.ClinicalGap"/>); 0 for none.</param>
/// <param name="ImplantVolumeCm3">Volume of the implant in cm³: voxels × voxel volume / 1000 (the removed bone less the gap).</param>
/// <param name="OpeningAreaCm2">Area of the removed outer skin in cm² (<see cref="OpeningArea"/> of the removed bone, before the gap).</param>
public sealed record DefectRecord(string Kind, string Parameters, Vec3 Center, ulong Seed, int Attempts, double ClinicalGap, double ImplantVolumeCm3, double OpeningAreaCm2);

using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>What an <see cref="IImplantDesigner"/> returns.</summary>
/// <param name="Implant">The implant mask: 0/1 on the grid of the defective skull, disjoint from the skull.</param>
/// <param name="Report">Defects found, opening areas, implant volume, warnings and timings.</param>
public sealed record DesignResult(Volume<byte> Implant, DesignReport Report);

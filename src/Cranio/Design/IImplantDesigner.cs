using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Designs a cranial implant for a defective skull: a skull mask in, an implant mask on the same grid out,
/// with a report of what was found. The CLI, the learned designer and the web application all go through it.
/// </summary>
public interface IImplantDesigner
{
    /// <summary>Short name of the method, used in reports (for example "spherical-map").</summary>
    string Name { get; }

    /// <summary>Designs the implant.</summary>
    /// <param name="defectiveSkull">Skull mask with the defect: a <c>Volume&lt;byte&gt;</c> with values 0 and 1 (1 = bone), any grid.</param>
    /// <param name="cancellationToken">Checked between stages.</param>
    /// <returns>The implant mask (0/1, same grid as the input, no voxel in common with the skull) and the report.</returns>
    /// <exception cref="ArgumentException">The mask is empty or not 0/1.</exception>
    DesignResult Design(Volume<byte> defectiveSkull, CancellationToken cancellationToken = default);
}

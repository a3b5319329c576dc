using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The spherical map of a skull shared by the training-free designers: the vault centre, the icosahedral
/// direction grid, the inner and outer bone radius along each direction and the defects found on it.
/// </summary>
internal sealed class SphericalSkullMap
{
    private SphericalSkullMap(Vec3 centre, double radius, Icosphere mesh, RadialBoneProfile profile, SphericalDefectDetector.Detection detection)
    {
        Centre = centre;
        Radius = radius;
        Mesh = mesh;
        Profile = profile;
        Detection = detection;
        Defect = detection.Labels.Select(l => l >= 0).ToArray();
    }

    /// <summary>Vault centre (LPS mm).</summary>
    public Vec3 Centre { get; }

    /// <summary>Radius of the sphere fitted to the upper vault (mm).</summary>
    public double Radius { get; }

    /// <summary>The direction grid.</summary>
    public Icosphere Mesh { get; }

    /// <summary>Inner and outer bone radius per direction.</summary>
    public RadialBoneProfile Profile { get; }

    /// <summary>Defect label per direction.</summary>
    public SphericalDefectDetector.Detection Detection { get; }

    /// <summary>True for the directions of any defect.</summary>
    public bool[] Defect { get; }

    /// <summary>Builds the map, reporting the stages "vault centre", "ray cast" and "defect detection" to <paramref name="lap"/>.</summary>
    public static SphericalSkullMap Build(Volume<byte> skull, SphericalMapOptions options, Action<string> lap)
    {
        (Vec3 centre, double radius) = VaultCentre.Estimate(skull, options.BridgedGapMm);
        lap("vault centre");
        Icosphere mesh = Icosphere.Create(options.Subdivision ?? AutomaticSubdivision(skull.Grid, radius));
        RadialBoneProfile profile = RadialBoneProfile.Cast(skull, centre, mesh.Vertices, options.BridgedGapMm);
        lap("ray cast");
        var detection = SphericalDefectDetector.Detect(mesh, profile.Inner, radius, options.MinimumDefectAreaCm2, options.NaturalOpeningConeDegrees, NaturalMergeMm);
        lap("defect detection");
        return new SphericalSkullMap(centre, radius, mesh, profile, detection);
    }

    /// <summary>
    /// The lowest direction (smallest superior component) of each defect, indexed by its label; (0, 0, 1) for a
    /// label without directions.
    /// </summary>
    public Vec3[] LowestDefectDirections()
    {
        var lowest = Enumerable.Repeat(new Vec3(0, 0, 1), Detection.Count).ToArray();
        for (int v = 0; v < Mesh.VertexCount; v++)
            if (Detection.Labels[v] is int k and >= 0 && Mesh.Vertices[v].Z < lowest[k].Z) lowest[k] = Mesh.Vertices[v];
        return lowest;
    }

    /// <summary>Regions without bone closer than this to the natural opening (mm along the vault surface) belong to it (5 mm).</summary>
    internal const double NaturalMergeMm = 5;

    /// <summary>Number of mesh rings that spans <paramref name="mm"/> along the vault surface (at least 1).</summary>
    public int Rings(double mm) => Math.Max(1, (int)Math.Ceiling(mm / (Icosphere.EdgeAngle(Mesh.Subdivision) * Math.Max(Radius, 1))));

    /// <summary>
    /// The directions within <paramref name="mm"/> of a defect along the vault surface, excluding the defects and
    /// the directions at least as close to an opening that is not a defect.
    /// </summary>
    public bool[] BorderBand(double mm)
    {
        bool[] band = Band(Mesh, Defect, Rings(mm));
        ExcludeNearOtherOpenings(Mesh, band, Defect, Profile.Inner);
        return band;
    }

    /// <summary>The coarsest level (3…7) whose edge at <paramref name="radius"/> is at most <see cref="SphericalMapOptions.EdgeToSpacingRatio"/> smallest spacings.</summary>
    internal static int AutomaticSubdivision(Grid grid, double radius)
    {
        double spacing = Math.Min(grid.Spacing.X, Math.Min(grid.Spacing.Y, grid.Spacing.Z));
        for (int level = 3; level < 7; level++)
            if (Icosphere.EdgeAngle(level) * radius <= SphericalMapOptions.EdgeToSpacingRatio * spacing) return level;
        return 7;
    }

    /// <summary>Vertices within <paramref name="rings"/> edges of a defect vertex, excluding the defect.</summary>
    internal static bool[] Band(Icosphere mesh, bool[] defect, int rings) =>
        Array.ConvertAll(RingDistances(mesh, defect, rings), d => d > 0 && d != int.MaxValue);

    /// <summary>
    /// Each vertex's distance in mesh edges from the nearest vertex of <paramref name="source"/> (0 on it), found
    /// breadth-first up to <paramref name="maxRings"/>; <see cref="int.MaxValue"/> further away or where none is reachable.
    /// </summary>
    internal static int[] RingDistances(Icosphere mesh, bool[] source, int maxRings = int.MaxValue)
    {
        var distance = new int[mesh.VertexCount];
        var frontier = new List<int>();
        for (int v = 0; v < source.Length; v++)
        {
            distance[v] = source[v] ? 0 : int.MaxValue;
            if (source[v]) frontier.Add(v);
        }
        for (int ring = 1; ring <= maxRings && frontier.Count > 0; ring++)
        {
            var next = new List<int>();
            foreach (int v in frontier)
                foreach (int w in mesh.Neighbours(v))
                {
                    if (distance[w] != int.MaxValue) continue;
                    distance[w] = ring;
                    next.Add(w);
                }
            frontier = next;
        }
        return distance;
    }

    /// <summary>
    /// Removes from the band the directions at least as close (in mesh edges) to a region without bone that is
    /// not a defect (the natural opening, a small gap) as to a defect: radii there are cut by that opening's
    /// edge, not by the defect's, and restoring them would grow bone into the opening.
    /// </summary>
    private static void ExcludeNearOtherOpenings(Icosphere mesh, bool[] band, bool[] defect, float[] inner)
    {
        int[] toDefect = EdgeDistance(mesh, defect);
        int[] toOther = EdgeDistance(mesh, inner.Select((r, v) => float.IsNaN(r) && !defect[v]).ToArray());
        for (int v = 0; v < band.Length; v++)
            if (band[v] && toOther[v] <= toDefect[v]) band[v] = false;
    }

    /// <summary>Breadth-first distance in mesh edges from every vertex to the nearest flagged vertex (int.MaxValue when none).</summary>
    private static int[] EdgeDistance(Icosphere mesh, bool[] sources)
    {
        var distance = new int[mesh.VertexCount];
        var queue = new Queue<int>();
        for (int v = 0; v < distance.Length; v++)
        {
            distance[v] = sources[v] ? 0 : int.MaxValue;
            if (sources[v]) queue.Enqueue(v);
        }
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            foreach (int w in mesh.Neighbours(v))
            {
                if (distance[w] != int.MaxValue) continue;
                distance[w] = distance[v] + 1;
                queue.Enqueue(w);
            }
        }
        return distance;
    }
}

using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Anatomical frame and cranial vault of a complete skull mask, derived from the mask alone.
/// </summary>
/// <remarks>
/// <para><b>Frame.</b> The centroid and the principal axes (eigenvectors of the covariance of the bone voxel
/// centres, in mm) are computed in physical space, so oblique grids are handled. The superior direction starts
/// from the grid's LPS +z; when a principal axis lies within 30° of it and its eigenvalue differs from both others
/// by at least 10 % (a well-defined axis), that axis (signed towards +z) is used instead. Left is the principal axis
/// nearest LPS +x, made orthogonal to superior; anterior = left × superior (LPS −y for an unrotated head).</para>
/// <para><b>Mid-sagittal plane.</b> The plane through the centroid whose normal is the left axis: for a nearly
/// symmetric skull the centroid lies on the symmetry plane and the left–right principal axis is its normal.</para>
/// <para><b>Outer surface.</b> Rays from the centroid along <see cref="SkullGeometryOptions.RayCount"/> Fibonacci
/// directions are marched inwards from outside the grid in steps of half the smallest spacing; the first bone voxel
/// met is an outer-surface point. Its outward normal is the unit vector from the centre of mass of the bone within
/// max(<see cref="SkullGeometryOptions.NormalRadius"/>, 3 × largest spacing) mm to the point (the bone lies beneath the outer surface).</para>
/// <para><b>Vault.</b> The outer-surface points at least <see cref="SkullGeometryOptions.VaultLevel"/> × (top height)
/// above the centroid along superior (the base plane), whose normals do not point downwards (normal·superior ≥ −0.2):
/// the face and the skull base lie below the base plane and are never offered for defects.</para>
/// </remarks>
public sealed class SkullGeometry
{
    private SkullGeometry(Volume<byte> skull, SkullGeometryOptions options)
    {
        Grid grid = skull.Grid;
        var (count, meanIndex, covarianceIndex) = Moments(skull);
        if (count == 0)
            throw new ArgumentException("The skull mask is empty: no voxel is 1.", nameof(skull));
        BoneVoxels = count;
        BoneVolume = count * grid.VoxelVolume;
        Centroid = grid.IndexToPhysical(meanIndex);
        Mat3 sd = grid.SpaceDirections;
        Mat3 covariance = sd * covarianceIndex * sd.Transpose();
        var (values, vectors) = SymmetricEigen.Decompose(covariance);
        PrincipalVariances = values;
        PrincipalAxes = vectors;

        var lpsSuperior = new Vec3(0, 0, 1);
        Vec3 superior = lpsSuperior;
        for (int i = 0; i < 3; i++)
        {
            Vec3 axis = vectors.Column(i);
            double cos = Math.Abs(axis.Dot(lpsSuperior));
            double vi = values[i];
            bool distinct = Enumerable.Range(0, 3).Where(j => j != i).All(j => Math.Abs(values[j] - vi) >= 0.1 * Math.Max(values[j], vi));
            if (cos >= Math.Cos(Math.PI / 6) && distinct)
                superior = axis.Dot(lpsSuperior) >= 0 ? axis : -axis;
        }
        Superior = superior.Normalized();
        Vec3 leftAxis = vectors.Column(0);
        double best = -1;
        for (int i = 0; i < 3; i++)
        {
            Vec3 axis = vectors.Column(i);
            double cos = Math.Abs(axis.X);
            if (cos > best) { best = cos; leftAxis = axis.X >= 0 ? axis : -axis; }
        }
        Vec3 left = leftAxis - Superior * leftAxis.Dot(Superior);
        if (!(left.Length > 1e-6)) left = new Vec3(1, 0, 0) - Superior * Superior.X;
        Left = left.Normalized();
        Anterior = Left.Cross(Superior).Normalized();
        MidSagittalPlane = new SymmetryPlane(Centroid, Left);

        Vec3[] hits = CastRays(skull, Centroid, options.RayCount);
        Surface = hits;
        double top = hits.Length == 0 ? 0 : hits.Max(Height);
        BasePlaneHeight = options.VaultLevel * top;
        Vec3[] above = hits.Where(p => Height(p) >= BasePlaneHeight).ToArray();
        var normals = new Vec3[above.Length];
        double normalRadius = Math.Max(options.NormalRadius, 3 * Math.Max(grid.Spacing.X, Math.Max(grid.Spacing.Y, grid.Spacing.Z)));
        var ball = BallOffsets(grid, normalRadius);
        Mat3 toIndex = grid.SpaceDirections.Inverse();
        Parallel.For(0, above.Length, i =>
        {
            Vec3 normal = OutwardNormal(skull, above[i], normalRadius, ball, toIndex);
            Vec3 radial = (above[i] - Centroid).Normalized();
            normals[i] = normal.Dot(radial) > 0 ? normal : radial;
        });
        Vault = Enumerable.Range(0, above.Length)
            .Where(i => normals[i].Dot(Superior) >= -0.2)
            .Select(i => new SurfacePoint(above[i], normals[i])).ToArray();
        if (Vault.Count == 0)
            throw new ArgumentException("No cranial vault found: no outer-surface point lies above the base plane.", nameof(skull));
    }

    /// <summary>Analyses a complete skull mask (0/1).</summary>
    /// <exception cref="ArgumentException">The mask is empty or has no vault.</exception>
    public static SkullGeometry Analyze(Volume<byte> skull, SkullGeometryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(skull);
        return new SkullGeometry(skull, options ?? SkullGeometryOptions.Default);
    }

    /// <summary>Number of bone voxels.</summary>
    public long BoneVoxels { get; }

    /// <summary>Bone volume in mm³.</summary>
    public double BoneVolume { get; }

    /// <summary>Centre of mass of the bone (mm, LPS).</summary>
    public Vec3 Centroid { get; }

    /// <summary>Variances (mm²) along the principal axes, descending.</summary>
    public Vec3 PrincipalVariances { get; }

    /// <summary>Principal axes as unit columns, in the order of <see cref="PrincipalVariances"/>.</summary>
    public Mat3 PrincipalAxes { get; }

    /// <summary>Unit superior direction (LPS).</summary>
    public Vec3 Superior { get; }

    /// <summary>Unit left direction (LPS), orthogonal to <see cref="Superior"/>.</summary>
    public Vec3 Left { get; }

    /// <summary>Unit anterior direction: <see cref="Left"/> × <see cref="Superior"/>.</summary>
    public Vec3 Anterior { get; }

    /// <summary>Estimated mid-sagittal plane: through the centroid, normal <see cref="Left"/>.</summary>
    public SymmetryPlane MidSagittalPlane { get; }

    /// <summary>Height (mm above the centroid along <see cref="Superior"/>) of the base plane; the vault lies above it.</summary>
    public double BasePlaneHeight { get; }

    /// <summary>All outer-surface points (mm, LPS) found by the rays.</summary>
    public IReadOnlyList<Vec3> Surface { get; }

    /// <summary>The outer-surface points on the cranial vault, where defects are placed.</summary>
    public IReadOnlyList<SurfacePoint> Vault { get; }

    /// <summary>Height of a point above the centroid along <see cref="Superior"/>, in mm.</summary>
    public double Height(Vec3 point) => (point - Centroid).Dot(Superior);

    private static (long Count, Vec3 Mean, Mat3 Covariance) Moments(Volume<byte> skull)
    {
        Grid grid = skull.Grid;
        var partials = new double[grid.SizeZ][];
        Parallel.For(0, grid.SizeZ, z =>
        {
            var s = new double[10];
            ReadOnlySpan<byte> slice = skull.Slice(z);
            for (int y = 0; y < grid.SizeY; y++)
            {
                ReadOnlySpan<byte> row = slice.Slice(y * grid.SizeX, grid.SizeX);
                double n = 0, sx = 0, sxx = 0;
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0) continue;
                for (int x = first; x < row.Length; x++)
                {
                    if (row[x] == 0) continue;
                    n++; sx += x; sxx += (double)x * x;
                }
                s[0] += n; s[1] += sx; s[2] += n * y; s[3] += n * z;
                s[4] += sxx; s[5] += n * y * y; s[6] += n * z * (double)z;
                s[7] += sx * y; s[8] += sx * z; s[9] += n * y * (double)z;
            }
            partials[z] = s;
        });
        var t = new double[10];
        foreach (double[] s in partials)
            for (int i = 0; i < 10; i++) t[i] += s[i];
        long count = (long)t[0];
        if (count == 0) return (0, Vec3.Zero, Mat3.Identity);
        double N = t[0];
        var mean = new Vec3(t[1] / N, t[2] / N, t[3] / N);
        double cxx = t[4] / N - mean.X * mean.X, cyy = t[5] / N - mean.Y * mean.Y, czz = t[6] / N - mean.Z * mean.Z;
        double cxy = t[7] / N - mean.X * mean.Y, cxz = t[8] / N - mean.X * mean.Z, cyz = t[9] / N - mean.Y * mean.Z;
        return (count, mean, new Mat3(cxx, cxy, cxz, cxy, cyy, cyz, cxz, cyz, czz));
    }

    private static Vec3[] CastRays(Volume<byte> skull, Vec3 centre, int rayCount)
    {
        Grid grid = skull.Grid;
        Mat3 toIndex = grid.SpaceDirections.Inverse();
        double step = 0.5 * Math.Min(grid.Spacing.X, Math.Min(grid.Spacing.Y, grid.Spacing.Z));
        double reach = 0;
        for (int i = 0; i < 8; i++)
        {
            Vec3 corner = grid.IndexToPhysical(new Vec3((i & 1) * (grid.SizeX - 1), ((i >> 1) & 1) * (grid.SizeY - 1), ((i >> 2) & 1) * (grid.SizeZ - 1)));
            reach = Math.Max(reach, (corner - centre).Length);
        }
        int n = rayCount;
        var hits = new Vec3?[n];
        double golden = Math.PI * (3 - Math.Sqrt(5));
        Vec3 startIndex = toIndex * (centre - grid.Origin);
        byte[] data = skull.Data;
        Parallel.For(0, n, r =>
        {
            double zc = 1 - (2 * r + 1.0) / n;
            double rad = Math.Sqrt(1 - zc * zc);
            var dir = new Vec3(rad * Math.Cos(golden * r), rad * Math.Sin(golden * r), zc);
            Vec3 indexStep = toIndex * dir;
            for (double t = reach; t > 0; t -= step)
            {
                Vec3 idx = startIndex + indexStep * t;
                int x = (int)Math.Floor(idx.X + 0.5), y = (int)Math.Floor(idx.Y + 0.5), z = (int)Math.Floor(idx.Z + 0.5);
                if (!grid.Contains(x, y, z) || data[grid.Offset(x, y, z)] == 0) continue;
                hits[r] = centre + dir * t;
                break;
            }
        });
        return hits.Where(h => h.HasValue).Select(h => h!.Value).ToArray();
    }

    /// <summary>Index offsets (with their physical vectors) of the voxels whose centres may lie within <paramref name="radius"/> mm of a point in the central voxel.</summary>
    private static (int X, int Y, int Z, Vec3 Step)[] BallOffsets(Grid grid, double radius)
    {
        Mat3 sd = grid.SpaceDirections;
        double reach = radius + 0.5 * (sd * new Vec3(1, 1, 1)).Length + 0.5 * (sd * new Vec3(1, -1, 1)).Length;
        int rx = (int)Math.Ceiling(reach / grid.Spacing.X) + 2, ry = (int)Math.Ceiling(reach / grid.Spacing.Y) + 2, rz = (int)Math.Ceiling(reach / grid.Spacing.Z) + 2;
        var offsets = new List<(int, int, int, Vec3)>();
        for (int z = -rz; z <= rz; z++)
            for (int y = -ry; y <= ry; y++)
                for (int x = -rx; x <= rx; x++)
                {
                    Vec3 step = sd * new Vec3(x, y, z);
                    if (step.Length <= reach) offsets.Add((x, y, z, step));
                }
        return offsets.ToArray();
    }

    /// <summary>Unit vector from the centre of mass of the bone within <paramref name="radius"/> mm of <paramref name="point"/> to the point.</summary>
    private static Vec3 OutwardNormal(Volume<byte> skull, Vec3 point, double radius, (int X, int Y, int Z, Vec3 Step)[] ball, Mat3 toIndex)
    {
        Grid grid = skull.Grid;
        Vec3 c = toIndex * (point - grid.Origin);
        int cx = (int)Math.Round(c.X), cy = (int)Math.Round(c.Y), cz = (int)Math.Round(c.Z);
        Vec3 centreToPoint = point - grid.IndexToPhysical(cx, cy, cz);
        double r2 = radius * radius;
        Vec3 sum = Vec3.Zero;
        long n = 0;
        byte[] data = skull.Data;
        foreach (var (dx, dy, dz, step) in ball)
        {
            int x = cx + dx, y = cy + dy, z = cz + dz;
            if (!grid.Contains(x, y, z) || data[grid.Offset(x, y, z)] == 0) continue;
            Vec3 d = step - centreToPoint;
            if (d.Dot(d) > r2) continue;
            sum += d;
            n++;
        }
        if (n == 0) return Vec3.Zero;
        Vec3 toMass = sum / n;
        return toMass.Length > 1e-9 ? -toMass.Normalized() : Vec3.Zero;
    }
}

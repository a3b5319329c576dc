using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>Three orthogonal PNG slices of one case, through the centroid of the ground-truth implant.</summary>
/// <param name="Center">The voxel (x, y, z) the three planes pass through.</param>
/// <param name="Axial">The plane z = Center.Z: x to the right, y downwards.</param>
/// <param name="Coronal">The plane y = Center.Y: x to the right, z upwards.</param>
/// <param name="Sagittal">The plane x = Center.X: y to the right, z upwards.</param>
public sealed record CaseSlices((int X, int Y, int Z) Center, byte[] Axial, byte[] Coronal, byte[] Sagittal);

/// <summary>
/// Draws a case as three orthogonal slices in voxel-index axes, resampled (nearest voxel) to square pixels in
/// mm so the anatomy keeps its proportions: ground truth green, prediction magenta, both white (additive), the
/// defective skull grey, background black.
/// </summary>
public static class SliceRenderer
{
    /// <summary>Colour of ground-truth-only voxels (RGB).</summary>
    public static readonly (byte R, byte G, byte B) TruthColour = (0, 255, 0);

    /// <summary>Colour of prediction-only voxels (RGB).</summary>
    public static readonly (byte R, byte G, byte B) PredictionColour = (255, 0, 255);

    /// <summary>Colour of voxels in both (RGB).</summary>
    public static readonly (byte R, byte G, byte B) BothColour = (255, 255, 255);

    /// <summary>Colour of defective-skull voxels outside both implants (RGB).</summary>
    public static readonly (byte R, byte G, byte B) SkullColour = (110, 110, 110);

    /// <summary>
    /// Renders the slices through the centroid of <paramref name="truth"/> (of the prediction when the truth is
    /// empty, the grid centre when both are). The longer side of each image has at most
    /// <paramref name="maxPixels"/> pixels (default 256).
    /// </summary>
    /// <exception cref="GridMismatchException">The grids differ.</exception>
    public static CaseSlices Render(Volume<byte> prediction, Volume<byte> truth, Volume<byte>? defectiveSkull = null, int maxPixels = 256)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        if (maxPixels < 1) throw new ArgumentOutOfRangeException(nameof(maxPixels), maxPixels, $"maxPixels must be at least 1; got {maxPixels}.");
        Grid g = truth.Grid;
        g.EnsureSameAs(prediction.Grid, "ground truth", "prediction");
        defectiveSkull?.Grid.EnsureSameAs(g, "defective skull", "ground truth");
        var c = Centroid(truth) ?? Centroid(prediction) ?? (g.SizeX / 2, g.SizeY / 2, g.SizeZ / 2);
        byte Colour(int x, int y, int z, out byte gg, out byte bb)
        {
            long i = g.Offset(x, y, z);
            bool t = truth.Data[i] != 0, p = prediction.Data[i] != 0;
            var colour = t && p ? BothColour : t ? TruthColour : p ? PredictionColour
                : defectiveSkull is not null && defectiveSkull.Data[i] != 0 ? SkullColour : (R: (byte)0, G: (byte)0, B: (byte)0);
            gg = colour.G;
            bb = colour.B;
            return colour.R;
        }
        Vec3 s = g.Spacing;
        byte[] axial = Plane(g.SizeX, s.X, g.SizeY, s.Y, flipV: false, maxPixels, (u, v) => (u, v, c.Z), Colour);
        byte[] coronal = Plane(g.SizeX, s.X, g.SizeZ, s.Z, flipV: true, maxPixels, (u, v) => (u, c.Y, v), Colour);
        byte[] sagittal = Plane(g.SizeY, s.Y, g.SizeZ, s.Z, flipV: true, maxPixels, (u, v) => (c.X, u, v), Colour);
        return new CaseSlices(c, axial, coronal, sagittal);
    }

    private delegate byte ColourAt(int x, int y, int z, out byte g, out byte b);

    private static byte[] Plane(int nu, double su, int nv, double sv, bool flipV, int maxPixels, Func<int, int, (int X, int Y, int Z)> voxel, ColourAt colour)
    {
        double pixel = Math.Max(Math.Max(nu * su, nv * sv) / maxPixels, Math.Min(su, sv));
        int width = Math.Max(1, (int)Math.Round(nu * su / pixel)), height = Math.Max(1, (int)Math.Round(nv * sv / pixel));
        var rgb = new byte[width * height * 3];
        for (int row = 0; row < height; row++)
        {
            int v = Math.Min(nv - 1, (int)((row + 0.5) * pixel / sv));
            if (flipV) v = nv - 1 - v;
            for (int col = 0; col < width; col++)
            {
                int u = Math.Min(nu - 1, (int)((col + 0.5) * pixel / su));
                var (x, y, z) = voxel(u, v);
                int k = (row * width + col) * 3;
                rgb[k] = colour(x, y, z, out rgb[k + 1], out rgb[k + 2]);
            }
        }
        return PngWriter.Encode(width, height, 3, rgb);
    }

    /// <summary>The voxel nearest the centroid of the non-zero voxels, or null for an empty mask.</summary>
    internal static (int X, int Y, int Z)? Centroid(Volume<byte> mask)
    {
        Grid g = mask.Grid;
        double sx = 0, sy = 0, sz = 0;
        long n = 0;
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        {
            ReadOnlySpan<byte> row = mask.Data.AsSpan((int)g.Offset(0, y, z), g.SizeX);
            if (row.IndexOfAnyExcept((byte)0) < 0) continue;
            for (int x = 0; x < row.Length; x++)
            {
                if (row[x] == 0) continue;
                sx += x;
                sy += y;
                sz += z;
                n++;
            }
        }
        if (n == 0) return null;
        return ((int)Math.Round(sx / n), (int)Math.Round(sy / n), (int)Math.Round(sz / n));
    }
}

using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Finds skull defects on the sphere of ray directions: the directions whose ray meets no bone are grouped into
/// connected regions of the icosphere mesh; a region that reaches the cone around the inferior direction is the
/// natural opening below the skull base; a region whose opening is below the area threshold is a gap. What is
/// left are the defects, several at once if they are separated by bone.
/// </summary>
internal static class SphericalDefectDetector
{
    /// <summary>The result: a defect number per direction (−1 = none) and the number of defects.</summary>
    internal sealed record Detection(int[] Labels, int Count, double[] ApproximateAreasCm2);

    /// <summary>Labels the defects.</summary>
    /// <param name="mesh">The direction grid.</param>
    /// <param name="inner">Inner radius per direction, NaN = no bone.</param>
    /// <param name="radiusMm">Radius used to turn solid angles into areas for the threshold (mm).</param>
    /// <param name="minimumAreaCm2">Smallest defect opening (cm²).</param>
    /// <param name="naturalOpeningConeDegrees">Half-angle of the inferior cone (degrees).</param>
    public static Detection Detect(Icosphere mesh, float[] inner, double radiusMm, double minimumAreaCm2, double naturalOpeningConeDegrees)
    {
        int n = mesh.VertexCount;
        var component = new int[n];
        Array.Fill(component, -1);
        var regions = new List<List<int>>();
        var queue = new Queue<int>();
        for (int seed = 0; seed < n; seed++)
        {
            if (!float.IsNaN(inner[seed]) || component[seed] >= 0) continue;
            var region = new List<int>();
            component[seed] = regions.Count;
            queue.Enqueue(seed);
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                region.Add(v);
                foreach (int w in mesh.Neighbours(v))
                {
                    if (component[w] >= 0 || !float.IsNaN(inner[w])) continue;
                    component[w] = regions.Count;
                    queue.Enqueue(w);
                }
            }
            regions.Add(region);
        }

        double cosCone = Math.Cos(naturalOpeningConeDegrees * Math.PI / 180);
        var inferior = new Vec3(0, 0, -1);
        var kept = new List<(List<int> Region, double Area)>();
        foreach (var region in regions)
        {
            bool natural = region.Any(v => mesh.Vertices[v].Dot(inferior) >= cosCone);
            if (natural) continue;
            double area = region.Sum(v => mesh.VertexSolidAngle(v)) * radiusMm * radiusMm / 100;
            if (area < minimumAreaCm2) continue;
            kept.Add((region, area));
        }
        kept.Sort((a, b) => b.Area.CompareTo(a.Area) is var c && c != 0 ? c : a.Region[0].CompareTo(b.Region[0]));
        var labels = new int[n];
        Array.Fill(labels, -1);
        for (int k = 0; k < kept.Count; k++)
            foreach (int v in kept[k].Region) labels[v] = k;
        return new Detection(labels, kept.Count, kept.Select(k => k.Area).ToArray());
    }
}

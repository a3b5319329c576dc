using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Finds skull defects on the sphere of ray directions: the directions whose ray meets no bone are grouped into
/// connected regions of the icosphere mesh; a region that reaches the cone around the inferior direction is the
/// natural opening below the skull base, and so is a region within a few millimetres of it; a region whose opening is below the area threshold is a gap. What is
/// left are the defects, several at once if they are separated by bone.
/// </summary>
internal static class SphericalDefectDetector
{
    /// <summary>The result: a defect number per direction (−1 = none), largest first, and the number of defects.</summary>
    internal sealed record Detection(int[] Labels, int Count);

    /// <summary>Labels the defects.</summary>
    /// <param name="mesh">The direction grid.</param>
    /// <param name="inner">Inner radius per direction, NaN = no bone.</param>
    /// <param name="radiusMm">Radius used to turn solid angles into areas for the threshold (mm).</param>
    /// <param name="minimumAreaCm2">Smallest defect opening (cm²).</param>
    /// <param name="naturalOpeningConeDegrees">Half-angle of the inferior cone (degrees).</param>
    /// <param name="naturalMergeMm">Regions closer than this (mm along the vault surface) to a natural opening belong to it.</param>
    public static Detection Detect(Icosphere mesh, float[] inner, double radiusMm, double minimumAreaCm2, double naturalOpeningConeDegrees, double naturalMergeMm)
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
        var natural = regions.Select(region => region.Any(v => mesh.Vertices[v].Dot(inferior) >= cosCone)).ToArray();
        // Holes next to the natural opening (skull-base foramina, thin bone at its rim) belong to it.
        int mergeRings = (int)Math.Ceiling(naturalMergeMm / (Icosphere.EdgeAngle(mesh.Subdivision) * Math.Max(radiusMm, 1)));
        var distance = new int[n];
        Array.Fill(distance, -1);
        var frontier = new Queue<int>();
        for (int v = 0; v < n; v++)
            if (component[v] >= 0 && natural[component[v]]) { distance[v] = 0; frontier.Enqueue(v); }
        while (frontier.Count > 0)
        {
            int v = frontier.Dequeue();
            if (component[v] >= 0) natural[component[v]] = true;
            if (distance[v] >= mergeRings) continue;
            foreach (int w in mesh.Neighbours(v))
            {
                if (distance[w] >= 0) continue;
                distance[w] = distance[v] + 1;
                frontier.Enqueue(w);
            }
        }
        var kept = new List<(List<int> Region, double Area)>();
        for (int r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            if (natural[r]) continue;
            double area = region.Sum(v => mesh.VertexSolidAngle(v)) * radiusMm * radiusMm / 100;
            if (area < minimumAreaCm2) continue;
            kept.Add((region, area));
        }
        kept.Sort((a, b) => b.Area.CompareTo(a.Area) is var c && c != 0 ? c : a.Region[0].CompareTo(b.Region[0]));
        var labels = new int[n];
        Array.Fill(labels, -1);
        for (int k = 0; k < kept.Count; k++)
            foreach (int v in kept[k].Region) labels[v] = k;
        return new Detection(labels, kept.Count);
    }
}

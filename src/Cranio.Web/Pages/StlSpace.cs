using System.Buffers.Binary;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Web;

/// <summary>
/// Cranio writes meshes in LPS millimetres (like its volumes); niivue places meshes in RAS. The viewer gets a copy
/// with x and y negated: (x, y, z) → (−x, −y, z), a rotation by 180° about z, so the winding and outward normals stay valid.
/// </summary>
internal static class StlSpace
{
    /// <summary>A binary STL of <paramref name="stl"/> (binary or ASCII) with x and y of every normal and vertex negated.</summary>
    public static byte[] LpsToRas(byte[] stl)
    {
        if (stl.Length >= 84 && BinaryPrimitives.ReadUInt32LittleEndian(stl.AsSpan(80)) is var n && 84 + 50L * n == stl.Length)
        {
            var copy = (byte[])stl.Clone();
            for (long t = 0; t < n; t++)
            {
                int record = (int)(84 + 50 * t);
                for (int v = 0; v < 4; v++)
                {
                    Negate(copy, record + 12 * v);
                    Negate(copy, record + 12 * v + 4);
                }
            }
            return copy;
        }
        string temp = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(temp, stl);
            TriangleMesh mesh = StlReader.Read(temp);
            var flipped = new TriangleMesh(mesh.Vertices.Select(p => new Vec3(-p.X, -p.Y, p.Z)).ToArray(), mesh.Triangles);
            StlWriter.Write(temp, flipped);
            return File.ReadAllBytes(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void Negate(byte[] bytes, int offset)
    {
        var span = bytes.AsSpan(offset, 4);
        BinaryPrimitives.WriteSingleLittleEndian(span, -BinaryPrimitives.ReadSingleLittleEndian(span));
    }
}

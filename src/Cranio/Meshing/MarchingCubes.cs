using System.Numerics;
using System.Runtime.InteropServices;
using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// Marching cubes: the iso-surface of a volume as a closed, consistently oriented triangle mesh in physical
/// coordinates (LPS mm, through the grid's full direction matrix, so it overlays the volume in a viewer).
/// </summary>
/// <remarks>
/// <para>The cubes are the cells between voxel centres. The volume is padded virtually with one layer of
/// outside voxels, so objects touching the border are closed too; a border vertex lies half a voxel beyond
/// the last voxel centre.</para>
/// <para>One vertex per crossed edge, shared by the up to four cubes around it. A vertex sits at the linear
/// interpolation t = (level − v₀)/(v₁ − v₀) of the edge, clamped to [<see cref="MarchingCubesOptions.Snap"/>,
/// 1 − Snap]; for a 0/1 mask at level 0.5 this is the edge midpoint. The case triangulation
/// (<see cref="MarchingCubesTable"/>) resolves ambiguous faces by always separating the inside corners, the
/// same way on both sides of a face, so the mesh has no cracks: it is a closed 2-manifold whose triangles are
/// counter-clockwise seen from outside (the winding is flipped when the direction matrix has a negative
/// determinant, so normals still point out in physical space).</para>
/// <para>The work runs in parallel over slabs of 8 cube layers along z and is merged in slab order, so the
/// result (vertex and triangle order included) does not depend on the number of threads.</para>
/// </remarks>
public static class MarchingCubes
{
    private const int SlabLayers = 8;

    /// <summary>The surface of a 0/1 mask at level 0.5.</summary>
    public static TriangleMesh FromMask(Volume<byte> mask) => Run(mask, MarchingCubesOptions.Mask);

    /// <summary>The iso-surface of <paramref name="volume"/> at the level of <paramref name="options"/> (default: 0.5, inside above).</summary>
    public static TriangleMesh Run<T>(Volume<T> volume, MarchingCubesOptions? options = null) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        options ??= MarchingCubesOptions.Mask;
        Grid grid = volume.Grid;
        int layers = grid.SizeZ + 1;
        int slabCount = (layers + SlabLayers - 1) / SlabLayers;
        var slabs = new Slab<T>[slabCount];
        Parallel.For(0, slabCount, s =>
        {
            var slab = new Slab<T>(volume, options);
            slab.Run(s * SlabLayers, Math.Min(layers, (s + 1) * SlabLayers));
            slabs[s] = slab;
        });
        return Merge(slabs, grid.SpaceDirections.Determinant < 0);
    }

    private static TriangleMesh Merge<T>(Slab<T>[] slabs, bool flip) where T : unmanaged, INumber<T>
    {
        long vertexTotal = 0, triangleTotal = 0;
        for (int s = 0; s < slabs.Length; s++)
        {
            vertexTotal += slabs[s].Vertices.Count - (s > 0 ? slabs[s].BottomIds.Length : 0);
            triangleTotal += slabs[s].Triangles.Count;
        }
        if (vertexTotal > Array.MaxLength || triangleTotal > Array.MaxLength)
            throw new InvalidOperationException($"The surface has {vertexTotal} vertices and {triangleTotal} triangles, more than an array can hold.");
        var vertices = new Vec3[vertexTotal];
        var triangles = new Triangle[triangleTotal];
        int vertexOffset = 0, triangleOffset = 0;
        int[] previousTopGlobal = [];
        for (int s = 0; s < slabs.Length; s++)
        {
            Slab<T> slab = slabs[s];
            var remap = new int[slab.Vertices.Count];
            Array.Fill(remap, -1);
            if (s > 0)
            {
                Slab<T> below = slabs[s - 1];
                if (!slab.BottomKeys.AsSpan().SequenceEqual(below.TopKeys))
                    throw new InvalidOperationException("Marching cubes: slab boundaries disagree.");
                for (int i = 0; i < slab.BottomIds.Length; i++) remap[slab.BottomIds[i]] = previousTopGlobal[i];
            }
            Span<Vec3> local = CollectionsMarshal.AsSpan(slab.Vertices);
            for (int v = 0; v < local.Length; v++)
            {
                if (remap[v] >= 0) continue;
                remap[v] = vertexOffset;
                vertices[vertexOffset++] = local[v];
            }
            foreach (Triangle t in CollectionsMarshal.AsSpan(slab.Triangles))
            {
                var mapped = new Triangle(remap[t.A], remap[t.B], remap[t.C]);
                triangles[triangleOffset++] = flip ? mapped.Flipped() : mapped;
            }
            previousTopGlobal = new int[slab.TopIds.Length];
            for (int i = 0; i < slab.TopIds.Length; i++) previousTopGlobal[i] = remap[slab.TopIds[i]];
        }
        return new TriangleMesh(vertices, triangles);
    }

    /// <summary>Spreads the four bits of a column code to the even bit positions 0, 2, 4, 6.</summary>
    private static readonly int[] Spread = Enumerable.Range(0, 16)
        .Select(b => (b & 1) | ((b & 2) << 1) | ((b & 4) << 2) | ((b & 8) << 3)).ToArray();

    /// <summary>
    /// Marches a range of cube layers. Corners use padded indices: padded (px, py, pz) is voxel (px − 1, py − 1, pz − 1),
    /// and padded indices 0 and Size + 1 are the virtual outside layer. Cube layer pz spans corner slices pz and pz + 1.
    /// </summary>
    private sealed class Slab<T> where T : unmanaged, INumber<T>
    {
        private readonly Volume<T> _volume;
        private readonly double _level;
        private readonly bool _below;
        private readonly bool _isMask;
        private readonly int _nx, _ny, _nz, _w;
        private readonly Mat3 _toPhysical;
        private readonly Vec3 _origin;

        private int[] _xBottom, _yBottom, _xTop, _yTop;
        private readonly int[] _z;
        private int _bottomMin, _layerStart;

        public readonly List<Vec3> Vertices = [];
        public readonly List<Triangle> Triangles = [];
        public int[] BottomKeys = [], BottomIds = [], TopKeys = [], TopIds = [];

        public Slab(Volume<T> volume, MarchingCubesOptions options)
        {
            _volume = volume;
            _level = options.Level;
            _below = options.InteriorBelowLevel;
            _isMask = typeof(T) == typeof(byte) && options.Level == 0.5 && !options.InteriorBelowLevel;
            Grid g = volume.Grid;
            _nx = g.SizeX; _ny = g.SizeY; _nz = g.SizeZ;
            _w = _nx + 2;
            _toPhysical = g.SpaceDirections;
            _origin = g.Origin;
            int plane = _w * (_ny + 2);
            _xBottom = NewEdgeArray(plane); _yBottom = NewEdgeArray(plane);
            _xTop = NewEdgeArray(plane); _yTop = NewEdgeArray(plane);
            _z = NewEdgeArray(plane);
        }

        private static int[] NewEdgeArray(int length)
        {
            var array = new int[length];
            Array.Fill(array, -1);
            return array;
        }

        public void Run(int firstLayer, int endLayer)
        {
            int plane = _w * (_ny + 2);
            var bottom = new byte[plane];
            var top = new byte[plane];
            var codes = new byte[_w];
            Span<int> edgeVertex = stackalloc int[12];
            Classify(firstLayer, bottom);
            _bottomMin = 0;
            for (int pz = firstLayer; pz < endLayer; pz++)
            {
                Classify(pz + 1, top);
                _layerStart = Vertices.Count;
                for (int py = 0; py <= _ny; py++)
                {
                    ColumnCodes(bottom.AsSpan(py * _w, _w), bottom.AsSpan((py + 1) * _w, _w),
                        top.AsSpan(py * _w, _w), top.AsSpan((py + 1) * _w, _w), codes);
                    int px = 0;
                    while (px <= _nx)
                    {
                        int a = codes[px], b = codes[px + 1];
                        if ((a | b) == 0 || (a & b) == 15)
                        {
                            int skip = codes.AsSpan(px + 1, _nx + 1 - px).IndexOfAnyExcept((byte)a);
                            if (skip < 0) break;
                            px += skip;
                            continue;
                        }
                        int configuration = Spread[a] | (Spread[b] << 1);
                        March(configuration, px, py, pz, edgeVertex);
                        px++;
                    }
                }
                if (pz == firstLayer) (BottomKeys, BottomIds) = Boundary(_xBottom, _yBottom, 0);
                (bottom, top) = (top, bottom);
                (_xBottom, _xTop) = (_xTop, _xBottom);
                (_yBottom, _yTop) = (_yTop, _yBottom);
                _bottomMin = _layerStart;
            }
            (TopKeys, TopIds) = Boundary(_xBottom, _yBottom, _bottomMin);
        }

        private (int[] Keys, int[] Ids) Boundary(int[] xEdges, int[] yEdges, int min)
        {
            var keys = new List<int>();
            var ids = new List<int>();
            for (int i = 0; i < xEdges.Length; i++)
                if (xEdges[i] >= min) { keys.Add(i); ids.Add(xEdges[i]); }
            for (int i = 0; i < yEdges.Length; i++)
                if (yEdges[i] >= min) { keys.Add(xEdges.Length + i); ids.Add(yEdges[i]); }
            return (keys.ToArray(), ids.ToArray());
        }

        private static void ColumnCodes(ReadOnlySpan<byte> b0, ReadOnlySpan<byte> b1, ReadOnlySpan<byte> t0, ReadOnlySpan<byte> t1, Span<byte> codes)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i + Vector<byte>.Count <= codes.Length; i += Vector<byte>.Count)
                {
                    var code = new Vector<byte>(b0.Slice(i)) | Vector.ShiftLeft(new Vector<byte>(b1.Slice(i)), 1)
                        | Vector.ShiftLeft(new Vector<byte>(t0.Slice(i)), 2) | Vector.ShiftLeft(new Vector<byte>(t1.Slice(i)), 3);
                    code.CopyTo(codes.Slice(i));
                }
            }
            for (; i < codes.Length; i++) codes[i] = (byte)(b0[i] | (b1[i] << 1) | (t0[i] << 2) | (t1[i] << 3));
        }

        /// <summary>Fills the padded inside flags (0/1) of corner slice <paramref name="pz"/>.</summary>
        private void Classify(int pz, byte[] flags)
        {
            Array.Clear(flags);
            if (pz == 0 || pz == _nz + 1) return;
            ReadOnlySpan<T> slice = _volume.Slice(pz - 1);
            for (int y = 0; y < _ny; y++)
            {
                ReadOnlySpan<T> row = slice.Slice(y * _nx, _nx);
                Span<byte> target = flags.AsSpan((y + 1) * _w + 1, _nx);
                if (_isMask) ClassifyMaskRow(MemoryMarshal.Cast<T, byte>(row), target);
                else
                    for (int x = 0; x < row.Length; x++)
                    {
                        double v = double.CreateTruncating(row[x]);
                        target[x] = (_below ? v < _level : v > _level) ? (byte)1 : (byte)0;
                    }
            }
        }

        private static void ClassifyMaskRow(ReadOnlySpan<byte> row, Span<byte> target)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var one = Vector<byte>.One;
                for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
                    Vector.Min(new Vector<byte>(row.Slice(i)), one).CopyTo(target.Slice(i));
            }
            for (; i < row.Length; i++) target[i] = row[i] != 0 ? (byte)1 : (byte)0;
        }

        private void March(int configuration, int px, int py, int pz, Span<int> edgeVertex)
        {
            int start = MarchingCubesTable.TriangleStart[configuration], end = MarchingCubesTable.TriangleStart[configuration + 1];
            uint crossed = MarchingCubesTable.CrossedEdges[configuration];
            while (crossed != 0)
            {
                int e = BitOperations.TrailingZeroCount(crossed);
                crossed &= crossed - 1;
                edgeVertex[e] = Vertex(e, px, py, pz);
            }
            byte[] edges = MarchingCubesTable.TriangleEdges;
            for (int t = start; t < end; t++)
                Triangles.Add(new Triangle(edgeVertex[edges[3 * t]], edgeVertex[edges[3 * t + 1]], edgeVertex[edges[3 * t + 2]]));
        }

        private int Vertex(int edge, int px, int py, int pz)
        {
            int axis = edge >> 2;
            int corner = MarchingCubesTable.EdgeCorners[edge].From;
            int cx = px + (corner & 1), cy = py + ((corner >> 1) & 1), cz = pz + (corner >> 2);
            bool upper = cz != pz;
            int[] array;
            int min;
            switch (axis)
            {
                case 0: array = upper ? _xTop : _xBottom; min = upper ? _layerStart : _bottomMin; break;
                case 1: array = upper ? _yTop : _yBottom; min = upper ? _layerStart : _bottomMin; break;
                default: array = _z; min = _layerStart; break;
            }
            int slot = cy * _w + cx;
            int id = array[slot];
            if (id >= min) return id;
            id = Vertices.Count;
            array[slot] = id;
            double t = Interpolation(axis, cx - 1, cy - 1, cz - 1);
            var index = new Vec3(cx - 1 + (axis == 0 ? t : 0), cy - 1 + (axis == 1 ? t : 0), cz - 1 + (axis == 2 ? t : 0));
            Vertices.Add(_origin + _toPhysical * index);
            return id;
        }

        /// <summary>Position along the edge from voxel (x, y, z) one step along <paramref name="axis"/>, in [Snap, 1 − Snap].</summary>
        private double Interpolation(int axis, int x, int y, int z)
        {
            if (_isMask) return 0.5;
            int x1 = x + (axis == 0 ? 1 : 0), y1 = y + (axis == 1 ? 1 : 0), z1 = z + (axis == 2 ? 1 : 0);
            Grid g = _volume.Grid;
            if (!g.Contains(x, y, z) || !g.Contains(x1, y1, z1)) return 0.5;
            double v0 = double.CreateTruncating(_volume[x, y, z]), v1 = double.CreateTruncating(_volume[x1, y1, z1]);
            double t = (_level - v0) / (v1 - v0);
            // A NaN voxel counts as outside; with no value to interpolate, its edges get the midpoint.
            if (double.IsNaN(t)) return 0.5;
            return Math.Clamp(t, MarchingCubesOptions.Snap, 1 - MarchingCubesOptions.Snap);
        }
    }
}

using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// Reduces a closed manifold mesh to a target triangle count by quadric-error edge collapse (Garland and Heckbert
/// 1997). Each vertex carries the area-weighted quadric of its triangles' planes; the edge whose collapse point
/// (the quadric minimum, or the better of its ends and midpoint when that is ill-defined) has the smallest error
/// goes first. A collapse is rejected when it would break the manifold (the link condition: the two ends share
/// exactly the two vertices opposite the edge), turn a surviving triangle's normal by more than the allowed angle
/// (so no normals flip) or leave a zero-area triangle. Closed, consistently oriented input stays so.
/// </summary>
/// <remarks>Single-threaded and deterministic: ties are broken by the order in which edges were queued.</remarks>
public static class QuadricDecimation
{
    /// <summary>A decimated copy of <paramref name="mesh"/>; the input is returned unchanged when it is already at or below the target.</summary>
    public static TriangleMesh Run(TriangleMesh mesh, QuadricDecimationOptions options)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(options);
        if (mesh.TriangleCount <= options.TargetTriangles) return mesh;
        return new Worker(mesh, options).Run();
    }

    private sealed class Worker
    {
        private readonly Vec3[] _positions;
        private readonly Triangle[] _triangles;
        private readonly bool[] _removed;
        private readonly List<int>[] _incident;
        private readonly Quadric[] _quadrics;
        private readonly int[] _version;
        private readonly int _target;
        private readonly double _minCosine;
        private readonly PriorityQueue<(int A, int B, int VersionA, int VersionB, Vec3 Target), double> _queue = new();
        private readonly List<int> _neighbours = [];
        private int _alive;

        public Worker(TriangleMesh mesh, QuadricDecimationOptions options)
        {
            _positions = (Vec3[])mesh.Vertices.Clone();
            _triangles = (Triangle[])mesh.Triangles.Clone();
            _removed = new bool[_triangles.Length];
            _alive = _triangles.Length;
            _target = options.TargetTriangles;
            _minCosine = Math.Cos(options.MaxNormalChangeDegrees * Math.PI / 180);
            int n = _positions.Length;
            _incident = new List<int>[n];
            _quadrics = new Quadric[n];
            _version = new int[n];
            for (int v = 0; v < n; v++) _incident[v] = new List<int>(6);
            for (int t = 0; t < _triangles.Length; t++)
            {
                Triangle tri = _triangles[t];
                _incident[tri.A].Add(t); _incident[tri.B].Add(t); _incident[tri.C].Add(t);
                Vec3 normal = mesh.AreaVector(t);
                double doubleArea = normal.Length;
                if (!(doubleArea > 0)) continue;
                Quadric q = Quadric.OfPlane(normal / doubleArea, _positions[tri.A], doubleArea / 2);
                _quadrics[tri.A] += q; _quadrics[tri.B] += q; _quadrics[tri.C] += q;
            }
            for (int t = 0; t < _triangles.Length; t++)
            {
                Triangle tri = _triangles[t];
                // Queue each undirected edge once: from the triangle that runs it from the smaller index.
                if (tri.A < tri.B) Queue(tri.A, tri.B);
                if (tri.B < tri.C) Queue(tri.B, tri.C);
                if (tri.C < tri.A) Queue(tri.C, tri.A);
            }
        }

        public TriangleMesh Run()
        {
            while (_alive > _target && _queue.TryDequeue(out var edge, out _))
            {
                if (_version[edge.A] != edge.VersionA || _version[edge.B] != edge.VersionB) continue;
                if (CanCollapse(edge.A, edge.B, edge.Target)) Collapse(edge.A, edge.B, edge.Target);
            }
            return Compact();
        }

        private void Queue(int a, int b)
        {
            Vec3 target = CollapsePoint(a, b, out double error);
            _queue.Enqueue((a, b, _version[a], _version[b], target), error);
        }

        private Vec3 CollapsePoint(int a, int b, out double error)
        {
            Quadric q = _quadrics[a] + _quadrics[b];
            if (q.TryMinimum(out Vec3 best))
            {
                error = q.Error(best);
                return best;
            }
            Vec3 pa = _positions[a], pb = _positions[b], mid = (pa + pb) * 0.5;
            best = mid;
            error = q.Error(mid);
            double ea = q.Error(pa), eb = q.Error(pb);
            if (ea < error) { best = pa; error = ea; }
            if (eb < error) { best = pb; error = eb; }
            return best;
        }

        private bool CanCollapse(int a, int b, Vec3 target)
        {
            // Link condition: exactly two triangles hold the edge and the ends share no other neighbour.
            int shared = 0;
            Span<int> opposite = stackalloc int[2];
            foreach (int t in _incident[a])
            {
                Triangle tri = _triangles[t];
                if (tri.A != b && tri.B != b && tri.C != b) continue;
                if (shared == 2) return false;
                opposite[shared++] = tri.A != a && tri.A != b ? tri.A : tri.B != a && tri.B != b ? tri.B : tri.C;
            }
            if (shared != 2 || _alive - 2 < 4) return false;
            foreach (int t in _incident[a])
            {
                Triangle tri = _triangles[t];
                for (int k = 0; k < 3; k++)
                {
                    int v = tri[k];
                    if (v == a || v == b || v == opposite[0] || v == opposite[1]) continue;
                    if (Neighbours(b, v)) return false;
                }
            }
            return KeepsNormals(a, b, target) && KeepsNormals(b, a, target);
        }

        /// <summary>True when vertex <paramref name="v"/> shares a triangle with <paramref name="u"/>.</summary>
        private bool Neighbours(int u, int v)
        {
            foreach (int t in _incident[u])
            {
                Triangle tri = _triangles[t];
                if (tri.A == v || tri.B == v || tri.C == v) return true;
            }
            return false;
        }

        /// <summary>Moving <paramref name="moved"/> to <paramref name="target"/> keeps each of its triangles (except those
        /// on the collapsing edge) non-degenerate and within the allowed normal change.</summary>
        private bool KeepsNormals(int moved, int other, Vec3 target)
        {
            foreach (int t in _incident[moved])
            {
                Triangle tri = _triangles[t];
                if (tri.A == other || tri.B == other || tri.C == other) continue;
                Vec3 pa = _positions[tri.A], pb = _positions[tri.B], pc = _positions[tri.C];
                Vec3 before = (pb - pa).Cross(pc - pa);
                if (tri.A == moved) pa = target; else if (tri.B == moved) pb = target; else pc = target;
                Vec3 after = (pb - pa).Cross(pc - pa);
                double lb = before.Length, la = after.Length;
                if (!(la > 1e-12 * Math.Max(lb, 1e-300))) return false;
                if (before.Dot(after) < _minCosine * lb * la) return false;
            }
            return true;
        }

        /// <summary>Merges <paramref name="b"/> into <paramref name="a"/>, which moves to <paramref name="target"/>.</summary>
        private void Collapse(int a, int b, Vec3 target)
        {
            foreach (int t in _incident[b])
            {
                Triangle tri = _triangles[t];
                if (tri.A == a || tri.B == a || tri.C == a)
                {
                    _removed[t] = true;
                    _alive--;
                    for (int k = 0; k < 3; k++)
                        if (tri[k] != b) _incident[tri[k]].Remove(t);
                    continue;
                }
                _triangles[t] = new Triangle(tri.A == b ? a : tri.A, tri.B == b ? a : tri.B, tri.C == b ? a : tri.C);
                _incident[a].Add(t);
            }
            _incident[b].Clear();
            _positions[a] = target;
            _quadrics[a] += _quadrics[b];
            _version[a]++;
            _version[b]++;
            _neighbours.Clear();
            foreach (int t in _incident[a])
            {
                Triangle tri = _triangles[t];
                for (int k = 0; k < 3; k++) if (tri[k] != a) _neighbours.Add(tri[k]);
            }
            _neighbours.Sort();
            for (int i = 0; i < _neighbours.Count; i++)
            {
                int v = _neighbours[i];
                if (i == 0 || v != _neighbours[i - 1]) Queue(Math.Min(a, v), Math.Max(a, v));
            }
        }

        private TriangleMesh Compact()
        {
            var map = new int[_positions.Length];
            Array.Fill(map, -1);
            var vertices = new List<Vec3>();
            var triangles = new List<Triangle>(_alive);
            for (int t = 0; t < _triangles.Length; t++)
            {
                if (_removed[t]) continue;
                Triangle tri = _triangles[t];
                Span<int> ids = [tri.A, tri.B, tri.C];
                for (int k = 0; k < 3; k++)
                {
                    if (map[ids[k]] < 0)
                    {
                        map[ids[k]] = vertices.Count;
                        vertices.Add(_positions[ids[k]]);
                    }
                    ids[k] = map[ids[k]];
                }
                triangles.Add(new Triangle(ids[0], ids[1], ids[2]));
            }
            return new TriangleMesh(vertices.ToArray(), triangles.ToArray());
        }
    }
}

namespace Cranio.Design;

/// <summary>
/// Fills unknown values of a scalar field on an <see cref="Icosphere"/> by a discrete biharmonic interpolation:
/// the unknowns minimise <c>Σ_v (L f)_v²</c> over the rows v of the uniform graph Laplacian
/// <c>(L f)_v = f_v − mean_{u~v} f_u</c> that touch an unknown, with the known values fixed. The minimiser
/// solves <c>(LᵀL)_UU f_U = −(LᵀL)_UK f_K</c>, the discrete Δ²f = 0 with Dirichlet data; it matches the known
/// values and their slopes across the border of each unknown region, unlike a harmonic fill.
/// </summary>
/// <remarks>
/// With a collar of soft vertices the known values there are matched in the least-squares sense only:
/// <c>Σ_v (L f)_v² + λ Σ_{v∈soft} (f_v − m_v)²</c> is minimised, a biharmonic smoothing spline that keeps
/// the voxel noise of measured values from being extrapolated as slopes into the filled region.
/// Rows that need a value that is neither known nor unknown (NaN outside the unknown set) are left out, which
/// makes that part of the border free (natural boundary). The system is symmetric positive (semi)definite and
/// solved by Jacobi-preconditioned conjugate gradients, starting from the mean of the known values next to
/// each unknown region.
/// </remarks>
internal static class BiharmonicInpainting
{
    /// <summary>Fills <paramref name="values"/> in place at the vertices where <paramref name="unknown"/> is true.</summary>
    /// <param name="mesh">The sphere mesh.</param>
    /// <param name="values">One value per vertex; read where known (NaN = no data), written where unknown.</param>
    /// <param name="unknown">One flag per vertex.</param>
    /// <param name="soft">Known vertices whose values are matched in the least-squares sense (null = none).</param>
    /// <param name="softWeight">λ, the weight of a soft value against one squared Laplacian row.</param>
    /// <param name="relativeTolerance">CG stops when the preconditioned residual norm falls below this fraction of the right-hand side's.</param>
    /// <param name="maxIterations">CG iteration limit.</param>
    /// <returns>The number of CG iterations used.</returns>
    public static int Fill(Icosphere mesh, double[] values, bool[] unknown, bool[]? soft = null, double softWeight = 0,
        double relativeTolerance = 1e-9, int maxIterations = 20000)
    {
        if (soft is not null)
        {
            var free = new bool[unknown.Length];
            var target = new double[unknown.Length];
            for (int v = 0; v < free.Length; v++)
            {
                free[v] = unknown[v] || (soft[v] && !double.IsNaN(values[v]));
                target[v] = soft[v] && !unknown[v] ? values[v] : double.NaN;
            }
            return Solve(mesh, values, free, target, softWeight, relativeTolerance, maxIterations);
        }
        return Solve(mesh, values, unknown, null, 0, relativeTolerance, maxIterations);
    }

    private static int Solve(Icosphere mesh, double[] values, bool[] unknown, double[]? target, double weight, double relativeTolerance, int maxIterations)
    {
        int n = mesh.VertexCount;
        if (values.Length != n || unknown.Length != n)
            throw new ArgumentException($"Expected {n} values and flags; got {values.Length} and {unknown.Length}.");
        var unknownIndex = new int[n];
        var unknowns = new List<int>();
        for (int v = 0; v < n; v++)
        {
            unknownIndex[v] = -1;
            if (unknown[v]) { unknownIndex[v] = unknowns.Count; unknowns.Add(v); }
        }
        if (unknowns.Count == 0) return 0;

        // Rows of L: vertices in or next to the unknown set whose stencil is fully known or unknown.
        var rowSet = new HashSet<int>();
        foreach (int u in unknowns)
        {
            rowSet.Add(u);
            foreach (int w in mesh.Neighbours(u)) rowSet.Add(w);
        }
        var rows = rowSet.Where(v => Usable(v)).Order().ToArray();

        int m = unknowns.Count;
        // Right-hand side b = −Lᵀ_U (L f_K) and the Jacobi diagonal Σ_rows L_vu².
        var b = new double[m];
        var diagonal = new double[m];
        foreach (int v in rows)
        {
            var nb = mesh.Neighbours(v);
            double inverseDegree = 1.0 / nb.Length;
            double known = unknown[v] ? 0 : values[v];
            foreach (int w in nb)
                if (!unknown[w]) known -= inverseDegree * values[w];
            if (unknown[v])
            {
                b[unknownIndex[v]] -= known;
                diagonal[unknownIndex[v]] += 1;
            }
            foreach (int w in nb)
            {
                if (!unknown[w]) continue;
                b[unknownIndex[w]] += inverseDegree * known;
                diagonal[unknownIndex[w]] += inverseDegree * inverseDegree;
            }
        }

        if (target is not null)
            for (int i = 0; i < m; i++)
            {
                double t = target[unknowns[i]];
                if (double.IsNaN(t)) continue;
                b[i] += weight * t;
                diagonal[i] += weight;
            }
        var x = InitialGuess(mesh, values, unknown, unknowns, unknownIndex);
        if (target is not null)
            for (int i = 0; i < m; i++)
                if (!double.IsNaN(target[unknowns[i]])) x[i] = target[unknowns[i]];
        var rowValue = new double[n];
        void Apply(double[] input, double[] output)
        {
            foreach (int v in rows)
            {
                var nb = mesh.Neighbours(v);
                double s = unknown[v] ? input[unknownIndex[v]] : 0;
                double sum = 0;
                foreach (int w in nb)
                    if (unknown[w]) sum += input[unknownIndex[w]];
                rowValue[v] = s - sum / nb.Length;
            }
            Array.Clear(output);
            foreach (int v in rows)
            {
                var nb = mesh.Neighbours(v);
                double y = rowValue[v];
                if (unknown[v]) output[unknownIndex[v]] += y;
                double scaled = y / nb.Length;
                foreach (int w in nb)
                    if (unknown[w]) output[unknownIndex[w]] -= scaled;
            }
            if (target is not null)
                for (int i = 0; i < output.Length; i++)
                    if (!double.IsNaN(target[unknowns[i]])) output[i] += weight * input[i];
        }

        for (int i = 0; i < m; i++)
            if (!(diagonal[i] > 0)) diagonal[i] = 1;
        var r = new double[m];
        var z = new double[m];
        var p = new double[m];
        var q = new double[m];
        Apply(x, q);
        for (int i = 0; i < m; i++) { r[i] = b[i] - q[i]; z[i] = r[i] / diagonal[i]; p[i] = z[i]; }
        double rz = Dot(r, z);
        double bNorm = Math.Sqrt(b.Select((bi, i) => bi * bi / diagonal[i]).Sum());
        double stop = relativeTolerance * Math.Max(bNorm, 1e-12);
        int iteration = 0;
        while (iteration < maxIterations && Math.Sqrt(Math.Abs(rz)) > stop)
        {
            Apply(p, q);
            double pq = Dot(p, q);
            if (!(pq > 0)) break;
            double alpha = rz / pq;
            for (int i = 0; i < m; i++) { x[i] += alpha * p[i]; r[i] -= alpha * q[i]; z[i] = r[i] / diagonal[i]; }
            double rzNext = Dot(r, z);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < m; i++) p[i] = z[i] + beta * p[i];
            iteration++;
        }
        for (int i = 0; i < m; i++) values[unknowns[i]] = x[i];
        return iteration;

        bool Usable(int v)
        {
            if (!unknown[v] && double.IsNaN(values[v])) return false;
            foreach (int w in mesh.Neighbours(v))
                if (!unknown[w] && double.IsNaN(values[w])) return false;
            return true;
        }
    }

    /// <summary>Each unknown region starts at the mean of the known values bordering it (0 when it has none).</summary>
    private static double[] InitialGuess(Icosphere mesh, double[] values, bool[] unknown, List<int> unknowns, int[] unknownIndex)
    {
        var x = new double[unknowns.Count];
        var visited = new bool[unknowns.Count];
        var queue = new Queue<int>();
        var region = new List<int>();
        for (int seed = 0; seed < unknowns.Count; seed++)
        {
            if (visited[seed]) continue;
            region.Clear();
            visited[seed] = true;
            queue.Enqueue(unknowns[seed]);
            double sum = 0;
            int count = 0;
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                region.Add(unknownIndex[v]);
                foreach (int w in mesh.Neighbours(v))
                {
                    if (unknown[w])
                    {
                        int k = unknownIndex[w];
                        if (!visited[k]) { visited[k] = true; queue.Enqueue(w); }
                    }
                    else if (!double.IsNaN(values[w])) { sum += values[w]; count++; }
                }
            }
            double start = count > 0 ? sum / count : 0;
            foreach (int k in region) x[k] = start;
        }
        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}

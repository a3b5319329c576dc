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
/// Rows that need a value that is neither known nor free (NaN outside the free set) are left out, which
/// makes that part of the border natural. The system is symmetric positive (semi)definite; it is assembled
/// as a sparse matrix and solved by Jacobi-preconditioned conjugate gradients, starting from the measured
/// value of soft vertices and the mean of the known values around each unknown region.
/// A guide field turns the fill into a guided one (see the <c>guide</c> parameter of <see cref="Fill"/>): the
/// rows' Laplacians are pulled towards given values instead of zero.
/// </remarks>
internal static class BiharmonicInpainting
{
    /// <summary>Fills <paramref name="values"/> in place at the vertices where <paramref name="unknown"/> is true.</summary>
    /// <param name="mesh">The sphere mesh.</param>
    /// <param name="values">One value per vertex; read where known (NaN = no data), written where unknown or soft; a finite value at an unknown vertex is the solver's starting point.</param>
    /// <param name="unknown">One flag per vertex.</param>
    /// <param name="soft">Known vertices whose values are matched in the least-squares sense (null = none).</param>
    /// <param name="softWeight">λ, the weight of a soft value against one squared Laplacian row.</param>
    /// <param name="relativeTolerance">CG stops when the preconditioned residual norm falls below this fraction of the right-hand side's.</param>
    /// <param name="maxIterations">CG iteration limit.</param>
    /// <param name="guide">
    /// Target of each Laplacian row (null or NaN = 0): the fill then minimises <c>Σ_v ((L f)_v − g_v)²</c>, so it
    /// takes the curvature of a template field whose Laplacian is <c>g</c> while still matching the border.
    /// </param>
    /// <returns>The number of CG iterations used.</returns>
    public static int Fill(Icosphere mesh, double[] values, bool[] unknown, bool[]? soft = null, double softWeight = 0,
        double relativeTolerance = 1e-6, int maxIterations = 20000, double[]? guide = null)
    {
        int n = mesh.VertexCount;
        if (values.Length != n || unknown.Length != n || (soft is not null && soft.Length != n) || (guide is not null && guide.Length != n))
            throw new ArgumentException($"Expected {n} values and flags; got {values.Length}, {unknown.Length}, {soft?.Length} and {guide?.Length}.");
        var index = new int[n];
        var free = new List<int>();
        var target = new List<double>();
        for (int v = 0; v < n; v++)
        {
            index[v] = -1;
            bool isSoft = soft is not null && soft[v] && !unknown[v] && !double.IsNaN(values[v]);
            if (!unknown[v] && !isSoft) continue;
            index[v] = free.Count;
            free.Add(v);
            target.Add(isSoft ? values[v] : double.NaN);
        }
        int m = free.Count;
        if (m == 0 || !unknown.Contains(true)) return 0;

        // Assemble A = Lᵀ_R L_R (+ λ on soft vertices) over free columns, and b = −Lᵀ_R (L_R f_fixed) (+ λ m).
        var columns = new Dictionary<int, double>[m];
        for (int i = 0; i < m; i++) columns[i] = [];
        var b = new double[m];
        var rowSet = new HashSet<int>();
        foreach (int u in free)
        {
            rowSet.Add(u);
            foreach (int w in mesh.Neighbours(u)) rowSet.Add(w);
        }
        var coefficients = new List<(int Column, double Value)>(7);
        foreach (int v in rowSet.Order())
        {
            if (!Usable(v)) continue;
            var nb = mesh.Neighbours(v);
            double inverseDegree = 1.0 / nb.Length;
            double fixedPart = guide is null || double.IsNaN(guide[v]) ? 0 : -guide[v];
            coefficients.Clear();
            if (index[v] >= 0) coefficients.Add((index[v], 1)); else fixedPart += values[v];
            foreach (int w in nb)
                if (index[w] >= 0) coefficients.Add((index[w], -inverseDegree)); else fixedPart -= inverseDegree * values[w];
            foreach (var (ci, cv) in coefficients)
            {
                b[ci] -= cv * fixedPart;
                var column = columns[ci];
                foreach (var (cj, cw) in coefficients)
                    column[cj] = column.GetValueOrDefault(cj) + cv * cw;
            }
        }
        for (int i = 0; i < m; i++)
        {
            if (double.IsNaN(target[i])) continue;
            b[i] += softWeight * target[i];
            columns[i][i] = columns[i].GetValueOrDefault(i) + softWeight;
        }
        var rowStart = new int[m + 1];
        for (int i = 0; i < m; i++) rowStart[i + 1] = rowStart[i] + columns[i].Count;
        var columnIndex = new int[rowStart[m]];
        var entries = new double[rowStart[m]];
        var diagonal = new double[m];
        for (int i = 0; i < m; i++)
        {
            int k = rowStart[i];
            foreach (var (j, a) in columns[i].OrderBy(p => p.Key))
            {
                columnIndex[k] = j;
                entries[k++] = a;
                if (j == i) diagonal[i] = a;
            }
            if (!(diagonal[i] > 0)) diagonal[i] = 1;
        }

        double[] x = InitialGuess(mesh, values, free, index, target);
        int iterations = ConjugateGradient(rowStart, columnIndex, entries, diagonal, b, x, relativeTolerance, maxIterations);
        for (int i = 0; i < m; i++) values[free[i]] = x[i];
        return iterations;

        bool Usable(int v)
        {
            if (index[v] < 0 && double.IsNaN(values[v])) return false;
            foreach (int w in mesh.Neighbours(v))
                if (index[w] < 0 && double.IsNaN(values[w])) return false;
            return true;
        }
    }

    /// <summary>Jacobi-preconditioned conjugate gradients on the CSR matrix; <paramref name="x"/> is the start and the result.</summary>
    private static int ConjugateGradient(int[] rowStart, int[] columnIndex, double[] entries, double[] diagonal, double[] b, double[] x,
        double relativeTolerance, int maxIterations)
    {
        int m = b.Length;
        var r = new double[m];
        var z = new double[m];
        var p = new double[m];
        var q = new double[m];
        Multiply(x, q);
        for (int i = 0; i < m; i++) { r[i] = b[i] - q[i]; z[i] = r[i] / diagonal[i]; p[i] = z[i]; }
        double rz = Dot(r, z);
        double bNorm = 0;
        for (int i = 0; i < m; i++) bNorm += b[i] * b[i] / diagonal[i];
        double stop = relativeTolerance * Math.Max(Math.Sqrt(bNorm), 1e-12);
        int iteration = 0;
        while (iteration < maxIterations && Math.Sqrt(Math.Abs(rz)) > stop)
        {
            Multiply(p, q);
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
        return iteration;

        void Multiply(double[] input, double[] output)
        {
            for (int i = 0; i < m; i++)
            {
                double s = 0;
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) s += entries[k] * input[columnIndex[k]];
                output[i] = s;
            }
        }
    }

    /// <summary>
    /// Soft vertices start at their measured value, unknown vertices at their current value when it is finite
    /// (a warm start), the others at the mean of the known values bordering their region (0 when none).
    /// </summary>
    private static double[] InitialGuess(Icosphere mesh, double[] values, List<int> free, int[] index, List<double> target)
    {
        var x = new double[free.Count];
        var visited = new bool[free.Count];
        var queue = new Queue<int>();
        var region = new List<int>();
        for (int seed = 0; seed < free.Count; seed++)
        {
            if (!double.IsNaN(target[seed])) { x[seed] = target[seed]; visited[seed] = true; continue; }
            if (visited[seed]) continue;
            region.Clear();
            visited[seed] = true;
            queue.Enqueue(free[seed]);
            double sum = 0;
            int count = 0;
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                region.Add(index[v]);
                foreach (int w in mesh.Neighbours(v))
                {
                    int k = index[w];
                    if (k >= 0 && double.IsNaN(target[k]))
                    {
                        if (!visited[k]) { visited[k] = true; queue.Enqueue(w); }
                    }
                    else if (!double.IsNaN(values[w])) { sum += values[w]; count++; }
                }
            }
            double start = count > 0 ? sum / count : 0;
            foreach (int k in region) x[k] = double.IsNaN(values[free[k]]) ? start : values[free[k]];
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

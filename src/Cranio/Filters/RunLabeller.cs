using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Connected-component labelling by runs: every row (fixed y, z) is cut into runs of selected voxels along x;
/// runs in neighbouring rows that touch are joined with a union-find whose root is always the run that comes
/// first in scan order. Rows are linked in parallel inside z-slabs, then the slab borders are joined.
/// </summary>
internal sealed class RunLabeller
{
    private readonly int _sizeX, _sizeY, _sizeZ;
    private readonly int _connectivity;
    private readonly bool _background;
    private readonly byte[] _voxels;
    private int[] _rowStart = [];
    private int[] _runStart = [];
    private int[] _runEnd = [];
    private int[] _parent = [];

    private RunLabeller(Volume<byte> mask, int connectivity, bool background)
    {
        (_sizeX, _sizeY, _sizeZ) = mask.Grid.Size;
        _voxels = mask.Data;
        _connectivity = connectivity;
        _background = background;
    }

    /// <summary>Labels the non-zero voxels of <paramref name="mask"/>, or its zero voxels when <paramref name="background"/> is set.</summary>
    public static ComponentLabels Label(Volume<byte> mask, int connectivity, bool background)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Connectivity.Validate(connectivity);
        var labeller = new RunLabeller(mask, connectivity, background);
        labeller.FindRuns();
        labeller.LinkRuns();
        return labeller.Write(mask);
    }

    private int Rows => _sizeY * _sizeZ;

    /// <summary>Finds the next run at or after <paramref name="from"/>: [start, end) of selected voxels.</summary>
    private bool NextRun(ReadOnlySpan<byte> row, int from, out int start, out int end)
    {
        ReadOnlySpan<byte> rest = row[from..];
        int s = _background ? rest.IndexOf((byte)0) : rest.IndexOfAnyExcept((byte)0);
        if (s < 0)
        {
            start = end = row.Length;
            return false;
        }
        start = from + s;
        rest = row[start..];
        int e = _background ? rest.IndexOfAnyExcept((byte)0) : rest.IndexOf((byte)0);
        end = e < 0 ? row.Length : start + e;
        return true;
    }

    private void FindRuns()
    {
        int rows = Rows;
        var counts = new int[rows + 1];
        Parallel.For(0, _sizeZ, z =>
        {
            for (int y = 0; y < _sizeY; y++)
            {
                ReadOnlySpan<byte> row = _voxels.AsSpan((y + _sizeY * z) * _sizeX, _sizeX);
                int n = 0, x = 0;
                while (NextRun(row, x, out _, out x)) n++;
                counts[y + _sizeY * z] = n;
            }
        });
        var rowStart = new int[rows + 1];
        long total = 0;
        for (int r = 0; r < rows; r++)
        {
            rowStart[r] = (int)total;
            total += counts[r];
        }
        if (total > Array.MaxLength)
            throw new InvalidOperationException($"The mask has {total} runs; at most {Array.MaxLength} are supported.");
        rowStart[rows] = (int)total;
        _rowStart = rowStart;
        _runStart = new int[total];
        _runEnd = new int[total];
        _parent = new int[total];
        Parallel.For(0, _sizeZ, z =>
        {
            for (int y = 0; y < _sizeY; y++)
            {
                int r = y + _sizeY * z;
                ReadOnlySpan<byte> row = _voxels.AsSpan(r * _sizeX, _sizeX);
                int i = rowStart[r], x = 0;
                while (NextRun(row, x, out int start, out x))
                {
                    _runStart[i] = start;
                    _runEnd[i] = x;
                    _parent[i] = i;
                    i++;
                }
            }
        });
    }

    private void LinkRuns()
    {
        int slabs = Math.Min(_sizeZ, Environment.ProcessorCount * 4);
        Parallel.For(0, slabs, slab =>
        {
            int z0 = SlabStart(slab, slabs), z1 = SlabStart(slab + 1, slabs);
            for (int z = z0; z < z1; z++)
                for (int y = 0; y < _sizeY; y++)
                    LinkRow(y, z, includePreviousSlice: z > z0);
        });
        for (int slab = 1; slab < slabs; slab++)
        {
            int z = SlabStart(slab, slabs);
            for (int y = 0; y < _sizeY; y++) LinkToPreviousSlice(y, z);
        }
    }

    private int SlabStart(int slab, int slabs) => (int)((long)_sizeZ * slab / slabs);

    /// <summary>Joins the runs of row (y, z) with those of the earlier rows in its neighbourhood.</summary>
    private void LinkRow(int y, int z, bool includePreviousSlice)
    {
        int row = y + _sizeY * z;
        if (y > 0) Merge(row, row - 1, _connectivity == 6 ? 0 : 1);
        if (includePreviousSlice) LinkToPreviousSlice(y, z);
    }

    private void LinkToPreviousSlice(int y, int z)
    {
        int row = y + _sizeY * z;
        int below = row - _sizeY;
        Merge(row, below, _connectivity == 6 ? 0 : 1);
        if (_connectivity == 6) return;
        int diagonalReach = _connectivity == 26 ? 1 : 0;
        if (y > 0) Merge(row, below - 1, diagonalReach);
        if (y + 1 < _sizeY) Merge(row, below + 1, diagonalReach);
    }

    /// <summary>
    /// Joins every pair of runs of rows <paramref name="a"/> and <paramref name="b"/> whose x-extents, widened by
    /// <paramref name="reach"/> voxels, overlap (reach 1 lets runs touch diagonally along x).
    /// </summary>
    private void Merge(int a, int b, int reach)
    {
        int i = _rowStart[a], iEnd = _rowStart[a + 1];
        int j = _rowStart[b], jEnd = _rowStart[b + 1];
        int[] start = _runStart, end = _runEnd;
        while (i < iEnd && j < jEnd)
        {
            if (end[i] + reach <= start[j]) i++;
            else if (end[j] + reach <= start[i]) j++;
            else
            {
                Union(i, j);
                if (end[i] < end[j]) i++;
                else j++;
            }
        }
    }

    private int Find(int i)
    {
        int[] parent = _parent;
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a < b) _parent[b] = a;
        else if (b < a) _parent[a] = b;
    }

    private ComponentLabels Write(Volume<byte> mask)
    {
        // Parents always point to earlier runs, so one forward pass resolves every run to its root's label;
        // roots are met in scan order, which numbers components by their first voxel.
        int runs = _parent.Length;
        var runLabel = new int[runs];
        int count = 0;
        for (int i = 0; i < runs; i++)
        {
            int p = _parent[i];
            runLabel[i] = p == i ? ++count : runLabel[p];
        }
        var voxelCounts = new long[count + 1];
        long labelled = 0;
        for (int i = 0; i < runs; i++)
        {
            int length = _runEnd[i] - _runStart[i];
            voxelCounts[runLabel[i]] += length;
            labelled += length;
        }
        voxelCounts[0] = mask.Grid.VoxelCount - labelled;
        var labels = mask.SameGrid<int>();
        int[] target = labels.Data;
        Parallel.For(0, _sizeZ, z =>
        {
            for (int r = _sizeY * z; r < _sizeY * (z + 1); r++)
            {
                int offset = r * _sizeX;
                for (int i = _rowStart[r]; i < _rowStart[r + 1]; i++)
                    target.AsSpan(offset + _runStart[i], _runEnd[i] - _runStart[i]).Fill(runLabel[i]);
            }
        });
        return new ComponentLabels(labels, count, voxelCounts);
    }
}

"""scikit-image side of the meshing benchmark: marching_cubes(level=0.5, spacing=...) on the mask exported by
MeshingBench (raw uint8 in z-y-x order). Usage: python3 skimage_mc.py <export-dir> [repeats]"""
import sys
import time

import numpy as np
from skimage import __version__ as skimage_version
from skimage.measure import marching_cubes, mesh_surface_area

folder = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
nz, ny, nx, sz, sy, sx = open(f"{folder}/mask.txt").read().split()
mask = np.fromfile(f"{folder}/mask.raw", dtype=np.uint8).reshape(int(nz), int(ny), int(nx))
spacing = (float(sz), float(sy), float(sx))
best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    verts, faces, _, _ = marching_cubes(mask, level=0.5, spacing=spacing)
    best = min(best, time.perf_counter() - start)
print(f"skimage {skimage_version} {nx}x{ny}x{nz}  best of {repeats}: {best:.3f} s  vertices {len(verts)}  triangles {len(faces)}  area {mesh_surface_area(verts, faces):.0f} mm2")

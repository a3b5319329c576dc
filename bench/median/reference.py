"""SciPy side of the majority-filter and resampling benchmark.

Reads the raw volumes that Cranio.Bench.Median wrote, times scipy.ndimage.median_filter with the same ball
footprint (mode='constant', cval=0: outside is background, as in Cranio) and scipy.ndimage.affine_transform
(order=1) onto the same 1 mm grid, and compares the results with Cranio's voxel by voxel.

Usage: python3 reference.py <work folder> [median slices]
With [median slices] the median filter runs on a slab of that many z-slices only (it is slow); the time is
reported for the slab and scaled to the full volume, and only slab slices away from its cut are compared.
"""
import sys
import time
import warnings

import numpy as np
from scipy import ndimage

folder = sys.argv[1]
slab = int(sys.argv[2]) if len(sys.argv) > 2 else 0
sx, sy, sz, spacing, tx, ty, tz, tspacing, fx, fy, fz = open(f"{folder}/geometry.txt").read().split()
sx, sy, sz, tx, ty, tz, fx, fy, fz = map(int, (sx, sy, sz, tx, ty, tz, fx, fy, fz))
spacing, tspacing = float(spacing), float(tspacing)

mask = np.fromfile(f"{folder}/mask.u8", dtype=np.uint8).reshape(sz, sy, sx)
ct = np.fromfile(f"{folder}/ct.i16", dtype=np.int16).reshape(sz, sy, sx)
ours = np.fromfile(f"{folder}/smoothed_cranio.u8", dtype=np.uint8).reshape(sz, sy, sx)
ours_ct = np.fromfile(f"{folder}/resampled_cranio.i16", dtype=np.int16).reshape(tz, ty, tx)
footprint = np.fromfile(f"{folder}/footprint.u8", dtype=np.uint8).reshape(fz, fy, fx).astype(bool)
reach = fz // 2

if slab:
    z0 = (sz - slab) // 2
    start = time.perf_counter()
    theirs = ndimage.median_filter(mask[z0:z0 + slab], footprint=footprint, mode="constant", cval=0)
    seconds = time.perf_counter() - start
    inner = slice(reach, slab - reach)
    differ = int(np.count_nonzero(theirs[inner] != ours[z0:z0 + slab][inner]))
    print(f"majority filter 2 mm (scipy median_filter, {slab}-slice slab): {seconds:.3f} s, "
          f"scaled to {sz} slices: {seconds * sz / slab:.1f} s; differing voxels in the slab interior: {differ}")
else:
    start = time.perf_counter()
    theirs = ndimage.median_filter(mask, footprint=footprint, mode="constant", cval=0)
    seconds = time.perf_counter() - start
    differ = int(np.count_nonzero(theirs != ours))
    print(f"majority filter 2 mm (scipy median_filter): {seconds:.3f} s; differing voxels: {differ}")

# Cranio's GridWithSpacing: per axis, target index t maps to source index t*s'/s + ((n-1)s - (n'-1)s')/(2s).
def axis(n, n_new):
    return tspacing / spacing, ((n - 1) * spacing - (n_new - 1) * tspacing) / (2 * spacing)

(az, bz), (ay, by), (ax, bx) = axis(sz, tz), axis(sy, ty), axis(sx, tx)
# A 1-D matrix is the diagonal (SciPy's fast zoom-and-shift path); SciPy warns that this changed in 0.18.
warnings.filterwarnings("ignore", message="The behavior of affine_transform with a 1-D array")
times = []
for _ in range(3):
    start = time.perf_counter()
    resampled = ndimage.affine_transform(ct, np.array([az, ay, ax]), offset=(bz, by, bx), output_shape=(tz, ty, tx),
                                         order=1, mode="constant", cval=-1024, prefilter=False)
    times.append(time.perf_counter() - start)
times.sort()
diff = np.abs(resampled.astype(np.int32) - ours_ct.astype(np.int32))
print(f"resample int16 to 1 mm trilinear (scipy affine_transform order=1): median {times[1]:.3f} s, best {times[0]:.3f} s "
      f"over 3 runs; max |difference| {diff.max()} HU, voxels differing: {np.count_nonzero(diff)}")

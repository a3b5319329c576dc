"""Reference timings for NIfTI-1 reading and writing with nibabel; see bench/nifti.sh.

Usage: python3 nifti_nibabel.py INPUT.nii.gz OUTPUT.nii.gz REPEATS
Reads INPUT (written by Cranio) REPEATS times, then writes its voxels and affine to OUTPUT REPEATS times.
"""
import sys
import time

import nibabel as nib
import numpy as np


def best_and_median(times):
    times = sorted(times)
    return times[0], times[len(times) // 2]


def main():
    source, target, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        image = nib.load(source)
        data = np.asanyarray(image.dataobj)
        times.append(time.perf_counter() - start)
    print(f"nibabel {nib.__version__} read {source}: {data.dtype} {'x'.join(map(str, data.shape))}, "
          f"nonzero {np.count_nonzero(data)}, affine rows {np.round(image.affine[:3], 4).tolist()}")
    best, median = best_and_median(times)
    print(f"RESULT nibabel read best {best:.3f} s median {median:.3f} s over {repeats}")

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        nib.save(nib.Nifti1Image(data, image.affine), target)
        times.append(time.perf_counter() - start)
    best, median = best_and_median(times)
    print(f"RESULT nibabel write best {best:.3f} s median {median:.3f} s over {repeats}")


if __name__ == "__main__":
    main()

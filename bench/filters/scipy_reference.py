"""Times scipy on the masks written by Cranio.Bench.Filters, checks that both give the same answer, and prints
the side-by-side table.

Usage: python3 scipy_reference.py <work folder>
"""
import csv
import sys
import time

import numpy as np
from scipy import ndimage


def best_of_three(function):
    best, result = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(work):
    with open(f"{work}/cranio_times.tsv") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    print(f"{'case':<22} {'operation':<28} {'Cranio (s)':>10} {'scipy (s)':>10} {'speed-up':>9}  check")
    for row in rows:
        shape = (int(row["size_z"]), int(row["size_y"]), int(row["size_x"]))
        sampling = (float(row["spacing_z"]), float(row["spacing_y"]), float(row["spacing_x"]))
        stem = f"{work}/{row['file']}"
        mask = np.fromfile(f"{stem}.mask.raw", dtype=np.uint8).reshape(shape)
        ours = float(row["best_seconds"])
        if row["operation"] == "label":
            structure = np.ones((3, 3, 3), dtype=bool)
            seconds, (labels, count) = best_of_three(lambda: ndimage.label(mask, structure=structure))
            sizes = np.bincount(labels.ravel())[1:]
            expected = np.loadtxt(f"{stem}.sizes.txt", dtype=np.int64, ndmin=1)
            check = "same labels" if count == len(expected) and np.array_equal(sizes, expected) else "DIFFERENT"
            operation = "label, 26-connected"
        else:
            seconds, distance = best_of_three(lambda: ndimage.distance_transform_edt(mask, sampling=sampling))
            cranio = np.fromfile(f"{stem}.edt.raw", dtype=np.float32).reshape(shape)
            error = float(np.max(np.abs(cranio.astype(np.float64) - distance)))
            check = f"max |diff| {error:.2g} mm"
            operation = "EDT, sampling=spacing"
        print(f"{row['case']:<22} {operation:<28} {ours:>10.3f} {seconds:>10.3f} {seconds / ours:>8.2f}×  {check}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])

"""Makes a benchmark prediction from a real ground-truth implant: dilated by one voxel (6-connected) and
shifted by (1, 1, 1) voxels, written as a gzip int32 NRRD with the ground truth's geometry copied verbatim.

usage: /usr/bin/python3 perturb.py IMPLANT.nrrd OUT.nrrd
"""
import gzip
import sys

import numpy as np
from scipy.ndimage import binary_dilation, shift

import nrrd_io


def main(source, target):
    mask, _ = nrrd_io.read(source)
    perturbed = shift(binary_dilation(mask >= 1).astype(np.uint8), (1, 1, 1), order=0).astype(np.int32)
    with open(source, "rb") as f:
        raw = f.read()
    end = raw.find(b"\n\n")
    header = b"\n".join(line for line in raw[:end].split(b"\n") if not line.startswith(b"#")) + b"\n\n"
    if b"encoding: gzip" not in header:
        raise ValueError(f"{source}: expected a gzip NRRD as SkullFix stores them")
    with open(target, "wb") as f:
        f.write(header + gzip.compress(perturbed.tobytes(), compresslevel=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Reference skull extraction with scipy: threshold ≥ 150 HU, largest 26-connected component.

Usage: scipy_extract.py CT.nrrd OUT.nrrd        (reads a gzip NRRD written by Cranio; writes the mask as gzip NRRD,
                                                 level 1, as Cranio does)
       scipy_extract.py --compare CRANIO.nrrd SCIPY.nrrd   (prints whether the two masks are identical)
"""
import gzip
import sys

import numpy as np
from scipy import ndimage


def read_nrrd(path):
    """Minimal reader for the gzip NRRD files Cranio writes (attached data, little endian)."""
    with open(path, "rb") as f:
        raw = f.read()
    end = raw.index(b"\n\n")
    header = dict(line.split(": ", 1) for line in raw[:end].decode("latin-1").splitlines()[1:]
                  if ": " in line and not line.startswith("#"))
    sizes = [int(s) for s in header["sizes"].split()]
    dtype = {"int16": "<i2", "uint8": "u1", "int32": "<i4"}[header["type"]]
    data = raw[end + 2:]
    if header["encoding"] == "gzip":
        data = gzip.decompress(data)
    return np.frombuffer(data, dtype=dtype).reshape(sizes[::-1]), raw[:end].decode("latin-1")


def write_mask(path, mask, ct_header):
    """Writes a uint8 mask with the CT's geometry lines, gzip level 1."""
    keep = [line for line in ct_header.splitlines()[1:]
            if line.split(":")[0] in ("dimension", "space", "sizes", "space directions", "kinds", "space origin")]
    header = "NRRD0004\ntype: uint8\nendian: little\nencoding: gzip\n" + "\n".join(keep) + "\n\n"
    with open(path, "wb") as f:
        f.write(header.encode("latin-1"))
        f.write(gzip.compress(mask.astype(np.uint8).tobytes(), compresslevel=1))


def main():
    if sys.argv[1] == "--compare":
        ours, theirs = read_nrrd(sys.argv[2])[0].astype(bool), read_nrrd(sys.argv[3])[0].astype(bool)
        print(f"identical masks: {bool(np.array_equal(ours, theirs))}; voxels {int(ours.sum())} vs {int(theirs.sum())}")
        return
    ct, header = read_nrrd(sys.argv[1])
    bone = ct >= 150
    labels, count = ndimage.label(bone, structure=np.ones((3, 3, 3), dtype=bool))
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    mask = labels == sizes.argmax()
    write_mask(sys.argv[2], mask, header)
    print(f"scipy: {count} components, kept {int(mask.sum())} voxels")


if __name__ == "__main__":
    main()

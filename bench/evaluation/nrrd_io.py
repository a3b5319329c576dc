"""Minimal NRRD reading and writing for the evaluation cross-check (numpy only; no pynrrd on the machine).

Reads attached or detached data, raw or gzip encoding, little-endian scalar types; returns the array indexed
[z, y, x] (C order of the file's x-fastest voxels) and the voxel spacing (sz, sy, sx) in mm, each the length of
a space-direction vector, so oblique grids get the spacing the challenge scorer used.
"""
import gzip
import os

import numpy as np

_TYPES = {
    "uchar": np.uint8, "uint8": np.uint8, "unsigned char": np.uint8, "uint8_t": np.uint8,
    "signed char": np.int8, "int8": np.int8, "int8_t": np.int8,
    "short": np.int16, "int16": np.int16, "int16_t": np.int16, "signed short": np.int16,
    "ushort": np.uint16, "uint16": np.uint16, "unsigned short": np.uint16, "uint16_t": np.uint16,
    "int": np.int32, "int32": np.int32, "int32_t": np.int32, "signed int": np.int32,
    "uint": np.uint32, "uint32": np.uint32, "unsigned int": np.uint32, "uint32_t": np.uint32,
    "float": np.float32, "double": np.float64,
}


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    end = raw.find(b"\n\n")
    if not raw.startswith(b"NRRD000") or end < 0:
        raise ValueError(f"{path}: not an attached-header NRRD file")
    fields = {}
    for line in raw[:end].decode("latin-1").splitlines()[1:]:
        if line.startswith("#") or ": " not in line:
            continue
        key, value = line.split(": ", 1)
        fields[key.strip().lower()] = value.strip()
    sizes = [int(s) for s in fields["sizes"].split()]
    dtype = np.dtype(_TYPES[fields["type"].lower()]).newbyteorder("<")
    data = raw[end + 2:]
    if "data file" in fields:
        with open(os.path.join(os.path.dirname(path), fields["data file"]), "rb") as f:
            data = f.read()
    if fields.get("encoding", "raw") in ("gzip", "gz"):
        data = gzip.decompress(data)
    count = int(np.prod(sizes))
    array = np.frombuffer(data, dtype=dtype, count=count).reshape(sizes[::-1])
    if "space directions" in fields:
        vectors = [v.strip("() ") for v in fields["space directions"].split(")") if v.strip()]
        spacing = [float(np.linalg.norm([float(c) for c in v.split(",")])) for v in vectors]
    else:
        spacing = [float(s) for s in fields["spacings"].split()]
    return array, tuple(spacing[::-1])


def write(path, array_zyx, spacing_xyz, origin=(0.0, 0.0, 0.0), directions=None, encoding="gzip"):
    """Writes a uint8 or int32 array indexed [z, y, x]; directions are unit column vectors (default identity)."""
    array_zyx = np.ascontiguousarray(array_zyx)
    nz, ny, nx = array_zyx.shape
    if directions is None:
        directions = np.eye(3)
    columns = [np.asarray(directions)[:, i] * spacing_xyz[i] for i in range(3)]
    type_name = {np.dtype(np.uint8): "uint8", np.dtype(np.int32): "int32"}[array_zyx.dtype]
    header = (
        "NRRD0005\n"
        f"type: {type_name}\n"
        "dimension: 3\n"
        "space: left-posterior-superior\n"
        f"sizes: {nx} {ny} {nz}\n"
        "space directions: " + " ".join("(" + ",".join(repr(float(c)) for c in col) + ")" for col in columns) + "\n"
        "kinds: domain domain domain\n"
        "endian: little\n"
        f"encoding: {encoding}\n"
        "space origin: (" + ",".join(repr(float(c)) for c in origin) + ")\n\n"
    )
    body = array_zyx.astype(array_zyx.dtype.newbyteorder("<")).tobytes()
    if encoding == "gzip":
        body = gzip.compress(body, compresslevel=9, mtime=0)
    with open(path, "wb") as f:
        f.write(header.encode("ascii") + body)

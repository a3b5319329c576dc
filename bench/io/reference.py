"""Reference timings for volume I/O: nibabel for .nii.gz, and for gzip NRRD a minimal reader/writer that does
exactly what pynrrd does (pynrrd is not packaged in Debian); see bench/io/run.sh.

Usage: /usr/bin/python3 reference.py WORK REPEATS
Reads WORK/cranio.nii.gz (nibabel) and WORK/cranio.nrrd (NRRD below), both written by Cranio, REPEATS times each;
checks that the two give identical voxels and geometry (LPS); then writes their voxels and geometry to
WORK/nibabel.nii.gz and WORK/python.nrrd REPEATS times each, for Cranio to read back.

NRRD as in pynrrd 1.0 (reader.py, writer.py): the header is read line by line up to the blank line; gzip data are
read in 1 MiB chunks through zlib.decompressobj(MAX_WBITS | 16) into a bytearray, then numpy.frombuffer and a
Fortran-order reshape; writing is data.tobytes(order="F") fed in 1 MiB chunks to zlib.compressobj(level,
DEFLATED, MAX_WBITS | 16), i.e. a gzip stream. The level is 1 here, the level Cranio (CompressionLevel.Fastest)
and nibabel use; pynrrd's own default is 9.
"""
import hashlib
import os
import sys
import time
import zlib

import nibabel as nib
import numpy as np

CHUNK = 2 ** 20
NRRD_TYPES = {"int32": "i4", "int": "i4", "signed int": "i4", "int32_t": "i4",
              "uint8": "u1", "uchar": "u1", "unsigned char": "u1", "int16": "i2", "short": "i2",
              "uint16": "u2", "ushort": "u2", "float": "f4", "double": "f8"}
LPS_FROM_RAS = np.diag([-1.0, -1.0, 1.0])


def parse_vector(text):
    return [float(v) for v in text.strip().strip("()").split(",")]


def read_nrrd(path):
    """Voxels (Fortran-ordered, shape = sizes) and the LPS geometry (direction columns × spacing, origin)."""
    fields = {}
    with open(path, "rb") as fh:
        magic = fh.readline().decode("ascii").rstrip("\r\n")
        if not magic.startswith("NRRD000"):
            raise ValueError(f"{path}: not an NRRD file (first line {magic!r})")
        for raw in iter(fh.readline, b""):
            line = raw.decode("ascii").rstrip("\r\n")
            if line == "":
                break
            if line.startswith("#") or ":=" in line:
                continue
            key, value = line.split(": ", 1)
            fields[key] = value
        if fields["encoding"] not in ("gzip", "gz"):
            raise ValueError(f"{path}: encoding {fields['encoding']}, this reference reads gzip only")
        sizes = [int(s) for s in fields["sizes"].split()]
        dtype = np.dtype(NRRD_TYPES[fields["type"]]).newbyteorder("<" if fields.get("endian", "little") == "little" else ">")
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        decompressed = bytearray()
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            decompressed += decompressor.decompress(chunk)
        decompressed += decompressor.flush()
    data = np.frombuffer(decompressed, dtype)
    if data.size != np.prod(sizes):
        raise ValueError(f"{path}: {data.size} voxels, sizes say {np.prod(sizes)}")
    data = np.reshape(data, tuple(sizes[::-1])).T
    directions = np.array([parse_vector(v) for v in fields["space directions"].split()]).T
    origin = np.array(parse_vector(fields["space origin"]))
    if fields.get("space", "left-posterior-superior") not in ("left-posterior-superior", "LPS"):
        raise ValueError(f"{path}: space {fields['space']}, this reference reads LPS only")
    return data, directions, origin


def write_nrrd(path, data, directions, origin, level=1):
    vector = lambda v: "(" + ",".join(repr(float(c)) for c in v) + ")"
    header = ("NRRD0005\n# Complete NRRD file format specification at:\n# http://teem.sourceforge.net/nrrd/format.html\n"
              f"type: {data.dtype.name}\ndimension: {data.ndim}\nspace: left-posterior-superior\n"
              f"sizes: {' '.join(str(s) for s in data.shape)}\n"
              f"space directions: {' '.join(vector(directions[:, i]) for i in range(3))}\n"
              "kinds: domain domain domain\nendian: little\nencoding: gzip\n"
              f"space origin: {vector(origin)}\n\n")
    with open(path, "wb") as fh:
        fh.write(header.encode("ascii"))
        compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        raw = data.astype("<" + data.dtype.str[1:], copy=False).tobytes(order="F")
        for start in range(0, len(raw), CHUNK):
            fh.write(compressor.compress(raw[start:start + CHUNK]))
        fh.write(compressor.flush())


def timed(action, repeats):
    """The action's last result, then best and median wall time and best CPU time (time.process_time) in s."""
    times, cpu_times, result = [], [], None
    for _ in range(repeats):
        cpu, start = time.process_time(), time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    times.sort()
    return result, (times[0], times[len(times) // 2], min(cpu_times))


def report(operation, stats, repeats):
    best, median, cpu = stats
    print(f"RESULT reference {operation} best {best:.3f} s median {median:.3f} s cpu {cpu:.3f} s over {repeats}")


def sha256(data):
    return hashlib.sha256(np.ascontiguousarray(data.astype("<i4", copy=False)).tobytes(order="F")).hexdigest()


def main():
    work, repeats = sys.argv[1], int(sys.argv[2])
    nii_in, nrrd_in = os.path.join(work, "cranio.nii.gz"), os.path.join(work, "cranio.nrrd")

    def load_nifti():
        image = nib.load(nii_in)
        return image, np.asanyarray(image.dataobj)

    (image, nii_data), stats = timed(load_nifti, repeats)
    print(f"nibabel {nib.__version__} read cranio.nii.gz: {nii_data.dtype} {'x'.join(map(str, nii_data.shape))}, "
          f"nonzero {np.count_nonzero(nii_data)}, voxels sha256 {sha256(nii_data)}")
    report("read Nifti", stats, repeats)

    (nrrd_data, directions, origin), stats = timed(lambda: read_nrrd(nrrd_in), repeats)
    print(f"pynrrd-equivalent read cranio.nrrd: {nrrd_data.dtype} {'x'.join(map(str, nrrd_data.shape))}, "
          f"nonzero {np.count_nonzero(nrrd_data)}, voxels sha256 {sha256(nrrd_data)}")
    report("read Nrrd", stats, repeats)

    # Cross-check: nibabel's view of Cranio's .nii.gz and this NRRD reader's view of Cranio's .nrrd agree.
    nii_directions, nii_origin = LPS_FROM_RAS @ image.affine[:3, :3], LPS_FROM_RAS @ image.affine[:3, 3]
    problems = []
    if nii_data.dtype != np.int32 or nrrd_data.dtype.newbyteorder("=") != np.int32:
        problems.append(f"types {nii_data.dtype} / {nrrd_data.dtype}, expected int32")
    if nii_data.shape != nrrd_data.shape or not np.array_equal(nii_data, nrrd_data):
        problems.append("voxels differ")
    # The NIfTI affine is stored in float32: agreement to 1e-5 mm is all it can give.
    if not np.allclose(nii_directions, directions, atol=1e-5) or not np.allclose(nii_origin, origin, atol=1e-5):
        problems.append(f"geometry differs: NIfTI {nii_directions.tolist()} {nii_origin.tolist()}, "
                        f"NRRD {directions.tolist()} {origin.tolist()}")
    if problems:
        print("MISMATCH between Cranio's .nii.gz and .nrrd: " + "; ".join(problems), file=sys.stderr)
        sys.exit(1)
    print("check: Cranio's .nii.gz (nibabel) and .nrrd (reference reader) hold identical voxels and geometry")

    _, stats = timed(lambda: nib.save(nib.Nifti1Image(nii_data, image.affine), os.path.join(work, "nibabel.nii.gz")), repeats)
    report("write Nifti", stats, repeats)
    _, stats = timed(lambda: write_nrrd(os.path.join(work, "python.nrrd"), nrrd_data, directions, origin), repeats)
    report("write Nrrd", stats, repeats)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""DICOM series reading: cranio's DicomSeriesReader against pydicom (+ numpy), side by side on the same files.

Writes a synthetic 512x512xN CT series (explicit VR little endian, 12 bits stored, intercept -1024) with pydicom,
then times, on a warm page cache:
  * pydicom: dcmread every file, sort by Image Position projected on the slice normal, stack, rescale to int16;
  * cranio:  DicomSeriesReader.ListSeries + Read (bench/DicomBench, Release build).
Both volumes are hashed (int16 little endian, x fastest) and must be identical.
"""
import hashlib, json, os, statistics, subprocess, sys, tempfile, time
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

def write_series(folder, slices, size=512, seed=1):
    rng = np.random.default_rng(seed)
    series_uid = generate_uid(entropy_srcs=["cranio-bench-series"])
    order = rng.permutation(slices)  # file names shuffled relative to positions
    for k in range(slices):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=["cranio-bench", str(k)])
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.Modality, ds.SeriesDescription, ds.SeriesNumber, ds.InstanceNumber = "CT", "BENCH", 1, k + 1
        ds.SeriesInstanceUID = series_uid
        ds.ImagePositionPatient = [-200.0, -180.0, 30.0 + 0.625 * k]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [0.45, 0.45]
        ds.SliceThickness = 0.625
        ds.Rows = ds.Columns = size
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
        ds.PixelData = rng.integers(0, 4096, size=(size, size), dtype=np.uint16).tobytes()
        ds.save_as(os.path.join(folder, f"IM{order[k]:04d}.dcm"), write_like_original=False)

def read_pydicom(folder):
    files = sorted(os.path.join(root, f) for root, _, names in os.walk(folder) for f in names)
    datasets = [pydicom.dcmread(f) for f in files]
    row = np.array(datasets[0].ImageOrientationPatient[:3], float)
    col = np.array(datasets[0].ImageOrientationPatient[3:], float)
    normal = np.cross(row, col)
    datasets.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, float))))
    volume = np.empty((len(datasets), datasets[0].Rows, datasets[0].Columns), np.int16)
    for k, d in enumerate(datasets):
        volume[k] = (d.pixel_array.astype(np.int32) * int(d.RescaleSlope) + int(d.RescaleIntercept)).astype(np.int16)
    return volume

def main():
    slices = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="cranio-dicom-bench-") as folder:
        write_series(folder, slices)
        times, volume = [], None
        for _ in range(repetitions):
            start = time.perf_counter()
            volume = read_pydicom(folder)
            times.append(time.perf_counter() - start)
        reference_hash = hashlib.sha256(volume.tobytes()).hexdigest()
        project = os.path.join(here, "DicomBench")
        out = subprocess.run(["dotnet", "run", "-c", "Release", "--project", project, "--", folder, str(repetitions + 2)],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        cranio = json.loads(out)
    # the first cranio run includes JIT compilation; report the median of all runs and the first separately
    pydicom_median = statistics.median(times)
    cranio_median = statistics.median(cranio["read_s"])
    print(f"series: 512x512x{slices} int16, explicit VR LE, {slices} files")
    print(f"pydicom {pydicom.__version__} + numpy {np.__version__}: read+sort+stack+rescale median {pydicom_median:.3f} s  runs {['%.3f' % t for t in times]}")
    print(f"cranio DicomSeriesReader.Read: median {cranio_median:.3f} s  first (JIT) {cranio['read_s'][0]:.3f} s  runs {cranio['read_s']}")
    print(f"cranio DicomSeriesReader.ListSeries (headers only): median {statistics.median(cranio['list_s']):.3f} s")
    print(f"ratio pydicom / cranio (Read): {pydicom_median / cranio_median:.1f}x")
    print(f"identical voxels: {cranio['sha256'] == reference_hash} ({cranio['type']}, {cranio['size']}, spacing {cranio['spacing']})")
    if cranio["sha256"] != reference_hash:
        sys.exit("voxel hashes differ")

if __name__ == "__main__":
    main()

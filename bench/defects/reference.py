"""Reference: the same sphere defects with NumPy/SciPy/nibabel, as the SkullFix injection scripts do it.

Per defect: voxel-centre-in-sphere test over the sphere's bounding box (world coordinates from the affine),
implant = skull & inside, defective = skull & ~inside, scipy.ndimage.label (26-connectivity) of the defective
skull to check it was not split, and both masks written as gzip NIfTI with nibabel.
Usage: python3 reference.py WORKDIR  (reads WORKDIR/skull.nii.gz and WORKDIR/spheres.csv from DefectsBench)
"""
import sys, time, os
import numpy as np
import nibabel as nib
from scipy import ndimage

work = sys.argv[1]
t0 = time.perf_counter()
img = nib.load(os.path.join(work, "skull.nii.gz"))
skull = np.asanyarray(img.dataobj).astype(np.uint8)
affine = img.affine
read = time.perf_counter() - t0
inverse = np.linalg.inv(affine)
ras = np.diag([-1.0, -1.0, 1.0])  # sphere centres are LPS; the NIfTI affine maps to RAS
structure = np.ones((3, 3, 3), bool)
rows = [line.split(",") for line in open(os.path.join(work, "spheres.csv")).read().split()]
total, slowest, agree = 0.0, 0.0, 0
for i, row in enumerate(rows):
    t0 = time.perf_counter()
    centre = ras @ np.array([float(v) for v in row[:3]])
    radius = float(row[3])
    corners = np.array([[centre[0] + sx * radius, centre[1] + sy * radius, centre[2] + sz * radius, 1]
                        for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)])
    index = (inverse @ corners.T)[:3]
    lo = np.clip(np.floor(index.min(axis=1)).astype(int), 0, np.array(skull.shape) - 1)
    hi = np.clip(np.ceil(index.max(axis=1)).astype(int), 0, np.array(skull.shape) - 1)
    ii, jj, kk = np.meshgrid(*[np.arange(lo[a], hi[a] + 1) for a in range(3)], indexing="ij")
    world = affine[:3, :3] @ np.stack([ii.ravel(), jj.ravel(), kk.ravel()]) + affine[:3, 3:4]
    inside = (((world - centre[:, None]) ** 2).sum(axis=0) <= radius * radius).reshape(ii.shape)
    box = tuple(slice(lo[a], hi[a] + 1) for a in range(3))
    implant = np.zeros_like(skull)
    implant[box] = skull[box] & inside
    defective = skull.copy()
    defective[box] &= ~inside
    labels, n = ndimage.label(defective, structure=structure)
    nib.save(nib.Nifti1Image(defective, affine), os.path.join(work, f"ref_{i:02}_defective.nii.gz"))
    nib.save(nib.Nifti1Image(implant, affine), os.path.join(work, f"ref_{i:02}_implant.nii.gz"))
    seconds = time.perf_counter() - t0
    total += seconds
    slowest = max(slowest, seconds)
    voxels = int(implant.sum(dtype=np.int64))
    agree += voxels == int(row[4])
    print(f"  {i:2} sphere r={radius:5.1f} mm  implant voxels {voxels} (Cranio {row[4]})  components {n}  {seconds:.3f} s")
print(f"NumPy/SciPy/nibabel: {len(rows)} defects, inject+write mean {total / len(rows):.3f} s, slowest {slowest:.3f} s "
      f"(+ read {read:.3f} s); implant voxel counts equal to Cranio's in {agree}/{len(rows)}")

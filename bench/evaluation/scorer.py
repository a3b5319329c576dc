"""The AutoImplant challenge scorer, re-stated with scipy for the cross-check of `cranio evaluate`.

DSC, boundary DSC and HD95/HD exactly as the challenge computed them (MedPy's binary metrics): surface voxels
are a mask minus its erosion by the 6-connected cross (scipy.ndimage.binary_erosion, border value 0);
distances by scipy.ndimage.distance_transform_edt with sampling = voxel spacing over the full volume; HD95 is
numpy.percentile(..., 95) of both directed distance sets pooled; bDSC is DSC restricted to voxels whose
distance to the defective skull (EDT of its background) is <= 10 mm.

usage: /usr/bin/python3 scorer.py --pred P.nrrd --gt G.nrrd [--defective D.nrrd] [--width 10]
prints one JSON object {dsc, bdsc, hd95, hd}.
"""
import argparse
import json

import numpy as np
from scipy.ndimage import binary_erosion, distance_transform_edt, generate_binary_structure

import nrrd_io


def dc(result, reference):
    intersection = np.count_nonzero(result & reference)
    size = np.count_nonzero(result) + np.count_nonzero(reference)
    return 2.0 * intersection / float(size) if size else 0.0


def bdc(result, reference, defective, spacing, width=10.0):
    region = distance_transform_edt(~defective, sampling=spacing) <= width
    return dc(result & region, reference & region)


def surface_distances(result, reference, spacing):
    footprint = generate_binary_structure(result.ndim, 1)
    result_border = result ^ binary_erosion(result, structure=footprint, iterations=1)
    reference_border = reference ^ binary_erosion(reference, structure=footprint, iterations=1)
    dt = distance_transform_edt(~reference_border, sampling=spacing)
    return dt[result_border]


def score(pred, gt, defective, spacing, width=10.0):
    d1 = surface_distances(pred, gt, spacing)
    d2 = surface_distances(gt, pred, spacing)
    result = {
        "dsc": dc(pred, gt),
        "hd95": float(np.percentile(np.hstack((d1, d2)), 95)),
        "hd": float(max(d1.max(), d2.max())),
    }
    if defective is not None:
        result["bdsc"] = bdc(pred, gt, defective, spacing, width)
    return result


def read_mask(path):
    array, spacing = nrrd_io.read(path)
    return array >= 1, spacing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pred", required=True)
    parser.add_argument("--gt", required=True)
    parser.add_argument("--defective")
    parser.add_argument("--width", type=float, default=10.0)
    args = parser.parse_args()
    pred, _ = read_mask(args.pred)
    gt, spacing = read_mask(args.gt)
    defective = read_mask(args.defective)[0] if args.defective else None
    print(json.dumps(score(pred, gt, defective, spacing, args.width)))


if __name__ == "__main__":
    main()

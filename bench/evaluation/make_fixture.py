"""Generates the scorer-agreement fixture: small synthetic skull/implant/prediction NRRD triples and the
results of scorer.py on them (scipy), for tests/Cranio.Tests/Evaluation/ScorerAgreementTests.cs.

usage (from the repository root):
    /usr/bin/python3 bench/evaluation/make_fixture.py tests/Cranio.Tests/Evaluation/Fixtures/scorer

Each case is a thick spherical shell (the skull) with a cap cut out (the defect); the ground truth is the cap,
the prediction the cap perturbed as named. Spacings are anisotropic; case "oblique" has a rotated grid.
"""
import json
import os
import sys

import numpy as np
from scipy.ndimage import binary_dilation, shift

import nrrd_io
import scorer

SHAPE = (28, 36, 40)  # z, y, x


def shell(spacing_xyz, centre_xyz, r_in, r_out):
    z, y, x = np.indices(SHAPE)
    sx, sy, sz = spacing_xyz
    cx, cy, cz = centre_xyz
    r = np.sqrt(((x - cx) * sx) ** 2 + ((y - cy) * sy) ** 2 + ((z - cz) * sz) ** 2)
    return (r >= r_in) & (r <= r_out), (x - cx) * sx, (z - cz) * sz


def case(name, spacing_xyz, perturb, rng, directions=None):
    complete, dx, dz = shell(spacing_xyz, (19.5, 17.0, 13.0), 9.0, 12.0)
    cap = complete & (dx > 3.0) & (dz > -2.0)
    defective = complete & ~cap
    pred = perturb(cap, rng)
    return name, spacing_xyz, directions, pred, cap, defective


def dilate_shift(mask, rng):
    return shift(binary_dilation(mask).astype(np.uint8), (1, 0, -1), order=0) > 0


def noisy(mask, rng):
    flip = rng.random(mask.shape) < 0.03
    return mask ^ (flip & binary_dilation(mask, iterations=2))


def eroded_with_island(mask, rng):
    out = mask & ~(rng.random(mask.shape) < 0.25)
    out[2:4, 2:4, 2:5] = True
    return out


def main(folder):
    rng = np.random.default_rng(20240611)
    c, s = 0.8, 0.6
    rotation = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    cases = [
        case("shifted", (0.5, 0.75, 1.25), dilate_shift, rng),
        case("noisy", (0.75, 0.5, 1.0), noisy, rng),
        case("oblique", (0.5, 0.5, 1.25), eroded_with_island, rng, rotation),
    ]
    results = {}
    for name, spacing, directions, pred, gt, defective in cases:
        os.makedirs(os.path.join(folder, name), exist_ok=True)
        for part, mask in (("pred", pred), ("gt", gt), ("defective", defective)):
            nrrd_io.write(os.path.join(folder, name, part + ".nrrd"), mask.astype(np.int32), spacing, directions=directions)
        p, _ = scorer.read_mask(os.path.join(folder, name, "pred.nrrd"))
        g, sp = scorer.read_mask(os.path.join(folder, name, "gt.nrrd"))
        d, _ = scorer.read_mask(os.path.join(folder, name, "defective.nrrd"))
        results[name] = scorer.score(p, g, d, sp)
        results[name]["bdsc_2mm"] = scorer.bdc(p, g, d, sp, 2.0)
    with open(os.path.join(folder, "scipy_results.json"), "w") as f:
        json.dump({"command": "/usr/bin/python3 bench/evaluation/make_fixture.py tests/Cranio.Tests/Evaluation/Fixtures/scorer",
                   "bdsc_width_mm": 10.0, "bdsc_2mm_width_mm": 2.0, "cases": results}, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

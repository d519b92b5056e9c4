#!/usr/bin/python3
"""Benchmark: batch Gaussian-on-a-line fits, Daybreak `fit` against a scipy curve_fit loop.

1000 spectra of 2000 points (a Gaussian of random centre, width and area on a sloping line, with noise)
are written to a temporary Y.npy (one spectrum per row, x = 0..1999). Both sides start every fit from the
same values and are timed as whole processes (start-up, reading Y.npy, fitting, writing results):

  Daybreak: ./daybreak fit --data Y.npy --model gaussian+linear --params "p1_amplitude=...,..." --json
  scipy:    /usr/bin/python3 loop of scipy.optimize.curve_fit(f, x, y, p0=...) with an analytic Jacobian
            (the default MINPACK Levenberg-Marquardt, as curve_fit uses without bounds)

The script checks that the fitted centres agree (relative 1e-4) and writes bench/results/fit.json.
Run from the repository root: /usr/bin/python3 bench/fit_bench.py
DAYBREAK_CMD overrides the launcher (default "./daybreak"), e.g. "java -cp ... org.daybreak.cli.Main".
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N_SPECTRA, N_POINTS = 1000, 2000
START = dict(p1_amplitude=2000.0, p1_center=1000.0, p1_sigma=60.0, p2_slope=0.0, p2_intercept=10.0)

SCIPY_LOOP = r'''
import json, sys
import numpy as np
from scipy.optimize import curve_fit
Y = np.load(sys.argv[1]); x = np.arange(Y.shape[1], dtype=float)
p0 = json.loads(sys.argv[2])
S2P = np.sqrt(2 * np.pi)
def f(x, a, c, s, m, b):
    return a * np.exp(-0.5 * ((x - c) / s) ** 2) / (s * S2P) + m * x + b
def jac(x, a, c, s, m, b):
    t = (x - c) / s
    g = np.exp(-0.5 * t * t) / (s * S2P)
    return np.column_stack([g, a * g * t / s, a * g * (t * t - 1) / s, x, np.ones_like(x)])
centres = []
for y in Y:
    try:
        p, _ = curve_fit(f, x, y, p0=p0, jac=jac)
        centres.append(float(p[1]))
    except RuntimeError:
        centres.append(float("nan"))
json.dump(centres, open(sys.argv[3], "w"))
'''


def make_data(path):
    rng = np.random.default_rng(2026)
    x = np.arange(N_POINTS, dtype=float)
    c = rng.uniform(850, 1150, N_SPECTRA)
    s = rng.uniform(40, 80, N_SPECTRA)
    a = rng.uniform(1500, 3000, N_SPECTRA)
    m = rng.uniform(-0.002, 0.002, N_SPECTRA)
    b = rng.uniform(5, 15, N_SPECTRA)
    Y = (a[:, None] * np.exp(-0.5 * ((x[None, :] - c[:, None]) / s[:, None]) ** 2) / (s[:, None] * np.sqrt(2 * np.pi))
         + m[:, None] * x[None, :] + b[:, None] + rng.normal(0, 0.2, (N_SPECTRA, N_POINTS)))
    np.save(path, Y)
    return c


REPEATS = 3


def main():
    cmd = shlex.split(os.environ.get("DAYBREAK_CMD", "./daybreak"))
    with tempfile.TemporaryDirectory() as tmp:
        ypath = os.path.join(tmp, "Y.npy")
        truth = make_data(ypath)
        params = ",".join(f"{k}={v}" for k, v in START.items())

        # best of REPEATS whole-process runs on each side (the 2-core machine is shared; one run is noisy)
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            out = subprocess.run(cmd + ["fit", "--data", ypath, "--model", "gaussian+linear", "--params", params,
                                        "--json"], cwd=ROOT, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
        t_daybreak = min(times)
        if out.returncode != 0:
            sys.exit("daybreak fit failed (%d): %s" % (out.returncode, out.stderr.strip()))
        fits = json.loads(out.stdout)["fits"]
        db_centres = np.array([f["params"]["p1_center"]["value"] if f["params"]["p1_center"]["value"] is not None
                               else np.nan for f in fits])
        db_success = sum(1 for f in fits if f["success"])

        script = os.path.join(tmp, "scipy_loop.py")
        with open(script, "w") as fh:
            fh.write(SCIPY_LOOP)
        cpath = os.path.join(tmp, "centres.json")
        p0 = [START[k] for k in ("p1_amplitude", "p1_center", "p1_sigma", "p2_slope", "p2_intercept")]
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            subprocess.run(["/usr/bin/python3", script, ypath, json.dumps(p0), cpath], check=True)
            times.append(time.perf_counter() - t0)
        t_scipy = min(times)
        sp_centres = np.array(json.load(open(cpath)), dtype=float)

    rel = np.abs(db_centres - sp_centres) / np.abs(sp_centres)
    agree = int(np.sum(rel <= 1e-4))
    result = {
        "benchmark": "1000 spectra x 2000 points, gaussian+linear, same start values, whole-process time",
        "spectra": N_SPECTRA,
        "points": N_POINTS,
        "cores": os.cpu_count(),
        "timing": "best of %d whole-process runs each" % REPEATS,
        "daybreak_seconds": round(t_daybreak, 3),
        "scipy_seconds": round(t_scipy, 3),
        "ratio_daybreak_over_scipy": round(t_daybreak / t_scipy, 3),
        "target_ratio": 1 / 3,
        "meets_target": bool(t_daybreak <= t_scipy / 3),
        "daybreak_successes": db_success,
        "centres_agreeing_within_1e-4": agree,
        "max_relative_centre_difference": float(np.nanmax(rel)),
        "max_abs_centre_error_vs_truth": float(np.nanmax(np.abs(db_centres - truth))),
        "daybreak_command": " ".join(cmd) + " fit --data Y.npy --model gaussian+linear --params '" + params + "' --json",
    }
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "fit.json"), "w") as fh:
        json.dump(result, fh, indent=2)
    print(json.dumps(result, indent=2))
    if agree != N_SPECTRA:
        sys.exit("centres differ: only %d of %d agree within 1e-4" % (agree, N_SPECTRA))


if __name__ == "__main__":
    main()

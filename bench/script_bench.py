#!/usr/bin/python3
"""Scripting arithmetic benchmark: `a + b` and `a.sum()` on 10^7 float32 in a Daybreak (Jython) script against
NumPy, in the same run.

Run from the repository root with the system Python (numpy):

    /usr/bin/python3 bench/script_bench.py

Each side times the operations inside its own process after warm-up (best of REPEATS calls), so the figures are
the array library's, not the start-up's. Daybreak runs twice: with its vectorised kernels (the default) and with
-Ddaybreak.simd=false (the scalar loops), through DAYBREAK_JAVA_OPTS. Writes bench/results/script.json.
Target: both within 1.5x of NumPy.
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
DAYBREAK = shlex.split(os.environ.get("DAYBREAK", "./daybreak"))
N = 10 ** 7
REPEATS = 15

SCRIPT = r'''
import json
from java.lang import System
import daybreak as db
N = %d
a = db.arange(N, dtype='float32') * 0.5
b = db.ones(N, dtype='float32') * 2.0
best = {"add": 1e9, "sum": 1e9}
for r in range(%d):
    t = System.nanoTime(); c = a + b; best["add"] = min(best["add"], (System.nanoTime() - t) * 1e-9)
    t = System.nanoTime(); s = a.sum(); best["sum"] = min(best["sum"], (System.nanoTime() - t) * 1e-9)
print(json.dumps({"add_s": best["add"], "sum_s": best["sum"], "sum": float(s), "c_last": float(c[N - 1])}))
'''


def run_daybreak(script, simd):
    env = dict(os.environ)
    if not simd:
        env["DAYBREAK_JAVA_OPTS"] = (env.get("DAYBREAK_JAVA_OPTS", "") + " -Ddaybreak.simd=false").strip()
    p = subprocess.run(DAYBREAK + ["run", script], cwd=ROOT, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("daybreak failed (%d): %s" % (p.returncode, p.stderr.strip()[-2000:]))
    return json.loads(p.stdout.strip().splitlines()[-1])


def numpy_peer():
    a = np.arange(N, dtype=np.float32) * np.float32(0.5)
    b = np.ones(N, dtype=np.float32) * np.float32(2.0)
    best_add = best_sum = 1e9
    for _ in range(REPEATS):
        t = time.perf_counter(); c = a + b; best_add = min(best_add, time.perf_counter() - t)
        t = time.perf_counter(); s = a.sum(); best_sum = min(best_sum, time.perf_counter() - t)
    return {"add_s": best_add, "sum_s": best_sum, "sum": float(s), "c_last": float(c[-1])}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "arith.py")
        with open(script, "w") as f:
            f.write(SCRIPT % (N, REPEATS))
        vector = run_daybreak(script, True)
        py = numpy_peer()
        scalar = run_daybreak(script, False)
    exact_sum = float(np.arange(N, dtype=np.float64).sum() * 0.5)
    res = {
        "benchmark": "a + b and a.sum() on 10^7 float32, best of %d in-process calls after warm-up" % REPEATS,
        "daybreak_command": "./daybreak run SCRIPT.py (the script is in bench/script_bench.py); scalar: "
                            "DAYBREAK_JAVA_OPTS=-Ddaybreak.simd=false",
        "reproduce": "/usr/bin/python3 bench/script_bench.py",
        "numpy_version": np.__version__,
        "daybreak_vector": vector, "daybreak_scalar": scalar, "numpy": py,
        "ratio_add_vector_over_numpy": vector["add_s"] / py["add_s"],
        "ratio_sum_vector_over_numpy": vector["sum_s"] / py["sum_s"],
        "ratio_add_scalar_over_numpy": scalar["add_s"] / py["add_s"],
        "ratio_sum_scalar_over_numpy": scalar["sum_s"] / py["sum_s"],
        "target_ratio": 1.5,
        "sum_relative_error": {"daybreak_vector": abs(vector["sum"] - exact_sum) / exact_sum,
                               "numpy_float32_pairwise": abs(py["sum"] - exact_sum) / exact_sum},
        "load_average_at_end": os.getloadavg(),
    }
    print(json.dumps(res, indent=2))
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "script.json"), "w") as f:
        json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()

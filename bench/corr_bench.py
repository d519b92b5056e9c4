#!/usr/bin/python3
"""X-engine benchmark: Daybreak against NumPy, whole process, in the same run.

Input: int8 channelised data X shaped [time][channel][antenna][2] = [4096][128][64][2] (random, seeded).
Daybreak:  ./daybreak corr xengine --in X.npy --out V.npy --integrate 4096   (exact int64 result)
NumPy:     /usr/bin/python3 peer: load X.npy, convert to complex64, one batched matmul over all channels
           (V_c = Z_c^T conj(Z_c), Z_c = X[:, c, :] as [time][antenna]), keep the upper triangle in the
           baseline order (0,0),(0,1),...,(1,1),..., save V.npy.
Whole processes: Daybreak as it is (for this size the product picks the integer X-engine's scalar form; runs of
2e10 complex MACs and more take the Vector API kernel, same bits) and the NumPy peer, alternately, REPEATS times
each; the figure is the median (the machine is shared).
The kernel's steady speed: `corr xengine --repeat PASSES` (PASSES passes in one process, best pass) for the default
form, the vector kernel (-Ddaybreak.xengine.vector=true) and the scalar form (=false). It is set against the int16
multiply-add peak of the cores (vpmaddwd-class instructions: FMA-unit count x 512-bit / 16-bit lanes; one complex
MAC = 4 real multiply-adds) and against the fp32 FMA peak (the vector kernel computes in fp32 FMAs, exact for int8).
The Daybreak output is checked exactly against an int64 NumPy
computation on a few channels, and against the complex64 peer to float tolerance on all.

Run from the repository root:  /usr/bin/python3 bench/corr_bench.py
The Daybreak command is the built product's launcher (product/.../linux/gtk/x86_64/daybreak/daybreak, what an
installation runs; build it first: ./mvnw package, or ./daybreak once), else ./daybreak, unless DAYBREAK_CMD is set. Writes bench/results/corr.json.
"""
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

T, C, N = 4096, 128, 64
K = 4096
REPEATS = int(os.environ.get("REPEATS", "5"))
PASSES = int(os.environ.get("PASSES", "15"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PEER = r'''
import sys, numpy as np
x = np.load(sys.argv[1])
T, C, N, _ = x.shape
z = np.empty((C, T, N), dtype=np.complex64)
z.real = x[..., 0].transpose(1, 0, 2)
z.imag = x[..., 1].transpose(1, 0, 2)
iu = np.triu_indices(N)
v = np.empty((1, C, len(iu[0]), 2), dtype=np.float32)
m = np.matmul(z.transpose(0, 2, 1), z.conj())   # one batched product: m[c, i, j] = sum_t x_i conj(x_j)
u = m[:, iu[0], iu[1]]
v[0, :, :, 0] = u.real
v[0, :, :, 1] = u.imag
np.save(sys.argv[2], v)
'''


def cpu_peak():
    info = open("/proc/cpuinfo").read()
    model = re.search(r"model name\s*:\s*(.*)", info).group(1).strip()
    mhz = float(re.search(r"cpu MHz\s*:\s*([\d.]+)", info).group(1))
    flags = set(re.search(r"flags\s*:\s*(.*)", info).group(1).split())
    cores = os.cpu_count()
    family = int(re.search(r"cpu family\s*:\s*(\d+)", info).group(1))
    if "avx512f" in flags and "AMD" in model and family >= 26:
        lanes, note = 32, "AVX-512 on AMD Zen 5: 2 full-width FMA pipes x 16 fp32 lanes"
    elif "avx512f" in flags and "AMD" in model:
        lanes, note = 16, "AVX-512 on AMD Zen 4 runs as 2 x 256-bit: 2 FMA pipes x 8 fp32 lanes"
    elif "avx512f" in flags:
        lanes, note = 32, "AVX-512: 2 FMA units x 16 fp32 lanes"
    elif "fma" in flags and "avx2" in flags:
        lanes, note = 16, "AVX2: 2 FMA units x 8 fp32 lanes"
    else:
        lanes, note = 4, "SSE: 4 fp32 lanes, no FMA"
    # one complex multiply-accumulate = 4 real multiply-adds = 4 FMA lanes
    cmac_per_cycle = lanes / 4
    peak = cores * mhz * 1e6 * cmac_per_cycle
    return {
        "cpu": model, "cores": cores, "clock_mhz": mhz,
        "relevant_flags": sorted(f for f in flags if f.startswith("avx") or f in ("fma", "sse4_2")),
        "assumption": note + "; one complex MAC = 4 fp32 FMAs; clock = /proc/cpuinfo 'cpu MHz' (no boost)",
        "peak_cmac_per_s": peak,
    }


def run(cmd, java_opts=None):
    env = dict(os.environ)
    if java_opts:
        env["DAYBREAK_JAVA_OPTS"] = (env.get("DAYBREAK_JAVA_OPTS", "") + " " + java_opts).strip()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr))
    return dt, p.stderr


def default_command():
    """The built product's own launcher (what an installation runs), else the checkout's ./daybreak, which first
    checks the sources against the product (git ls-files and find: about 0.08 s of each run)."""
    product = os.path.join(ROOT, "product", "org.daybreak.product", "target", "products", "org.daybreak.product",
                           "linux", "gtk", "x86_64", "daybreak", "daybreak")
    return product if os.access(product, os.X_OK) else "./daybreak"


def main():
    daybreak = shlex.split(os.environ.get("DAYBREAK_CMD", default_command()))
    tmp = tempfile.mkdtemp(prefix="corr_bench_")
    xf, vd, vp = (os.path.join(tmp, n) for n in ("X.npy", "V_daybreak.npy", "V_numpy.npy"))
    x = np.random.default_rng(2026).integers(-128, 128, size=(T, C, N, 2), dtype=np.int8)
    np.save(xf, x)
    peer = os.path.join(tmp, "peer.py")
    open(peer, "w").write(PEER)
    dcmd = daybreak + ["corr", "xengine", "--in", xf, "--out", vd, "--integrate", str(K)]
    ncmd = ["/usr/bin/python3", peer, xf, vp]
    td, tn, kernel = [], [], []
    for _ in range(REPEATS):
        dt, err = run(dcmd)
        td.append(dt)
        m = re.search(r"in ([\d.]+) s", err)
        if m:
            kernel.append(float(m.group(1)))
        tn.append(run(ncmd)[0])
    # the kernel's steady speed: PASSES passes in one process (the JIT has compiled it after the first few), best
    # pass; the form the product chooses for this size (the scalar dot products below 2e10 complex MACs) and the
    # vector kernel (forced), which the product takes for longer runs
    steady = {}
    for form, opts in (("default", None), ("vector", "-Ddaybreak.xengine.vector=true"),
                       ("scalar", "-Ddaybreak.xengine.vector=false")):
        _, err = run(dcmd + ["--repeat", str(PASSES)], opts)
        steady[form] = float(re.search(r"best of \d+ passes ([\d.]+) s", err).group(1))
    # correctness
    vdb = np.load(vd)
    vnp = np.load(vp)
    assert vdb.dtype == np.int64 and vdb.shape == (1, C, N * (N + 1) // 2, 2), (vdb.dtype, vdb.shape)
    iu = np.triu_indices(N)
    for c in (0, 1, C // 2, C - 1):
        zr = x[:, c, :, 0].astype(np.int64)
        zi = x[:, c, :, 1].astype(np.int64)
        re_ = zr.T @ zr + zi.T @ zi
        im_ = zi.T @ zr - zr.T @ zi
        assert np.array_equal(vdb[0, c, :, 0], re_[iu]) and np.array_equal(vdb[0, c, :, 1], im_[iu]), c
    scale = np.abs(vdb).max()
    maxdiff = float(np.abs(vdb.astype(np.float64) - vnp).max() / scale)
    cmacs = C * T * (N * (N + 1) // 2)
    d_med, n_med = statistics.median(td), statistics.median(tn)
    k_med = statistics.median(kernel) if kernel else None
    peak = cpu_peak()
    info = open("/proc/cpuinfo").read()
    family = int(re.search(r"cpu family\s*:\s*(\d+)", info).group(1))
    # int16 multiply-add peak: vpmaddwd on 512-bit vectors does 32 int16 products (+ pairwise adds); two such
    # pipes on AMD Zen 5 (family 26, full-width AVX-512), the equivalent of one on Zen 4 (2 x 256-bit) and on AVX2
    int16_macs_per_cycle = 64 if family >= 26 else 32
    int16_peak_cmac = os.cpu_count() * peak["clock_mhz"] * 1e6 * int16_macs_per_cycle / 4
    res = {
        "benchmark": "X-engine, %d antennas x %d channels x %d samples, int8 complex, K = %d" % (N, C, T, K),
        "daybreak_command": " ".join(daybreak) + " corr xengine --in X.npy --out V.npy --integrate %d" % K,
        "numpy_peer": "complex64 conversion + one matrix product per channel (full N x N), upper triangle kept",
        "numpy_version": np.__version__,
        "repeats": REPEATS,
        "daybreak_wall_s": td, "numpy_wall_s": tn,
        "daybreak_median_s": d_med, "numpy_median_s": n_med,
        "ratio_daybreak_over_numpy": d_med / n_med,
        "complex_macs": cmacs,
        "complex_macs_counting": "channels x time x baselines incl. autos (N(N+1)/2)",
        "daybreak_kernel_s_median_single_run": k_med,
        "daybreak_cmac_per_s_whole_process": cmacs / d_med,
        "numpy_cmac_per_s_whole_process": cmacs / n_med,
        "machine": peak,
        "int16_multiply_add_peak_cmac_per_s": int16_peak_cmac,
        "int16_peak_assumption": "cores x clock x %d int16 multiply-adds per cycle per core (vpmaddwd, 512-bit: "
                                 "32 products per instruction, %s) / 4 real multiply-adds per complex MAC"
                                 % (int16_macs_per_cycle, "2 pipes on Zen 5" if family >= 26 else "1 per cycle"),
        "steady_kernel": "corr xengine --repeat %d, best pass, two threads; default = the form the product picks "
                         "for this size" % PASSES,
        "steady_kernel_s": steady,
        "steady_cmac_per_s": {f: cmacs / t for f, t in steady.items()},
        "steady_fraction_of_int16_peak": {f: cmacs / t / int16_peak_cmac for f, t in steady.items()},
        "steady_fraction_of_fp32_fma_peak": {f: cmacs / t / peak["peak_cmac_per_s"] for f, t in steady.items()},
        "steady_speedup_over_issue_baseline_4.6e9": {f: cmacs / t / 4.6e9 for f, t in steady.items()},
        "target_whole_process_ratio": 0.5,
        "reproduce": "/usr/bin/python3 bench/corr_bench.py",
        "daybreak_exact_vs_int64_numpy": True,
        "max_rel_diff_vs_complex64_peer": maxdiff,
        "load_average_at_end": os.getloadavg(),
    }
    out = os.path.join(ROOT, "bench", "results", "corr.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(res, f, indent=2)
    print(json.dumps({k: res[k] for k in ("daybreak_median_s", "numpy_median_s", "ratio_daybreak_over_numpy",
                                          "daybreak_cmac_per_s_whole_process", "steady_cmac_per_s",
                                          "steady_fraction_of_int16_peak", "steady_speedup_over_issue_baseline_4.6e9")}))
    for f in (xf, vd, vp, peer):
        os.remove(f)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()

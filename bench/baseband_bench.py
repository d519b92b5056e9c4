#!/usr/bin/python3
"""Baseband benchmark: decoding 2-bit VDIF to float32, and streaming against in-memory correlation.

1. Decoding. Input: a VDIF file made of sample.vdif's 16 real frames (8 threads, 2-bit, EDV 3) repeated with running
   frame numbers up to SIZE_MB MiB. Daybreak: `./daybreak corr stats FILE --json --layout L --repeat R` decodes every
   sample to float32 R times in one JVM (one thread) and reports, per pass, the wall and CPU seconds of the decoding
   thread (file reads included) and the CPU seconds of the file reads alone. Layout planar = the correlator's
   decoder (BasebandReader.readPlanar: one array per stream, 4 floats per input byte, the vectorised Unpack kernel);
   interleaved = BasebandReader.read ([sample][stream][pol][re, im], 8 floats per byte: corr voltages, scripts).
   The first pass of a JVM includes the JIT's warm-up (the scalar table decodes until the vector kernel is compiled);
   the best pass is the steady state.
   NumPy peer (same run, best of R passes): the file read in slabs of SLAB_FRAMES frames, headers dropped, each
   payload byte mapped through a [256][4] float32 look-up table of the VDIF levels (-3.3359, -1, 1, 3.3359) with one
   16-byte np.take per byte (the fastest NumPy table decode we found), i.e. the decoding step alone (file reads not
   timed), plus the same per-thread rms. The rms of every thread must agree to 1e-6. The `baseband` Python package is
   not in Debian, so it is not run. Throughput per core = input bytes / CPU seconds of the decoding thread.
2. Correlation (C = 256 channels, K = INTEGRATE (4096) spectra per dump, 1 thread; spectra/s of whole processes, JVM start and
   HDF5 writing included, best of CORR_REPEATS): `corr run --in FILE.vdif` (streaming, BasebandCorrelator) on a
   STREAM_MB MiB VDIF with the heap capped at STREAM_HEAP (the file is larger than the heap) and on a MEM_MB MiB VDIF;
   the MEM_MB file's voltages as a float32 .npy [antenna][pol][sample] through `corr run --in FILE.npy` (in-memory,
   FxCorrelator). Also the CPU seconds of each process (user + system) and the start-up cost (`corr info`).

3. Output streaming. A VDIF of OUT_STREAM_MB (32) MiB correlated with few channels and short dumps, so the visibilities
   (STREAM_OUT: about 300 MB for 32 MiB) are ten times the input and far larger than the heap: `corr run` with
   DAYBREAK_JAVA_OPTS=-Xmx64m appends each dump to the HDF5 output (H5AppendWriter). Reported: spectra per second,
   peak resident memory of the process (wait4's ru_maxrss), output bytes, and the output checked in h5py
   (maxshape[0] None, every timestamp present). With DAYBREAK_BEFORE_CMD (the launcher of an earlier build) the same
   run is also made with that build, first with the same -Xmx64m (which the build that kept the visibilities in memory
   refused) and then with -Xmx2g. ONLY_STREAMING=1 runs this section alone (the other entries of the results file
   are kept).

The machine is shared: load averages are recorded before and after each part. Run from the repository root after a
product build: /usr/bin/python3 bench/baseband_bench.py. Writes bench/results/baseband.json.
"""
import json
import os
import re
import resource
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "..", "shared", "testdata", "radio", "baseband", "sample.vdif")
SIZE_MB = int(os.environ.get("SIZE_MB", "256"))
REPEATS = int(os.environ.get("REPEATS", "5"))
STREAM_MB = int(os.environ.get("STREAM_MB", "256"))
STREAM_HEAP = os.environ.get("STREAM_HEAP", "128m")
MEM_MB = int(os.environ.get("MEM_MB", "64"))
CORR_REPEATS = int(os.environ.get("CORR_REPEATS", "2"))
DAYBREAK = os.environ.get("DAYBREAK_CMD", os.path.join(ROOT, "daybreak")).split()
FRAME = 5032
SLAB_FRAMES = int(os.environ.get("SLAB_FRAMES", "64"))
OUT_STREAM_MB = int(os.environ.get("OUT_STREAM_MB", "32"))
BEFORE = os.environ.get("DAYBREAK_BEFORE_CMD", "").split()


def make_vdif(path, megabytes):
    src = open(SAMPLE, "rb").read()
    frames = [bytearray(src[i * FRAME:(i + 1) * FRAME]) for i in range(16)]
    sets = (megabytes << 20) // (FRAME * 8)
    with open(path, "wb") as out:
        for s in range(sets):
            for k in range(8):
                f = frames[(s % 2) * 8 + k]
                w0, w1 = struct.unpack_from("<2I", f, 0)
                struct.pack_into("<2I", f, 0, (w0 & 0xc0000000) | (14363767 + s // 1600),
                                 (w1 & 0xff000000) | (s % 1600))
                out.write(f)
    return sets * 8 * FRAME


def numpy_decode(path):
    """NumPy's best table decode we know of: each payload byte -> its 4 float32 levels as one 16-byte gather
    (np.take on the [256] table viewed as 16-byte items, into a reused output), slabs of SLAB_FRAMES frames so the
    output stays in cache. Returns (wall seconds, CPU seconds of this thread, rms per thread) of the decoding step."""
    lut = np.array([-3.3359, -1.0, 1.0, 3.3359], np.float32)
    table = np.empty((256, 4), np.float32)
    for b in range(256):
        table[b] = lut[[(b >> (2 * j)) & 3 for j in range(4)]]
    table16 = table.view(np.complex128).ravel()  # 256 items of 16 bytes = 4 float32
    sq = np.zeros(8)
    n = np.zeros(8)
    wall = cpu = 0.0
    per = SLAB_FRAMES * FRAME
    payload = FRAME - 32
    out = np.empty((SLAB_FRAMES, payload), np.complex128)
    with open(path, "rb") as f:
        while True:
            raw = f.read(per)
            if not raw:
                break
            fr = np.frombuffer(raw, np.uint8).reshape(-1, FRAME)
            k = len(fr)
            threads = (fr[:, 14].astype(np.int32) | (fr[:, 15].astype(np.int32) << 8)) & 0x3ff
            t0, c0 = time.perf_counter(), time.thread_time()
            np.take(table16, fr[:, 32:], out=out[:k])        # the decoding: [frame][byte] -> 4 float32 each
            wall += time.perf_counter() - t0
            cpu += time.thread_time() - c0
            x = out[:k].view(np.float32).reshape(k, -1)
            for t in range(8):
                sel = x[threads == t]
                sq[t] += np.square(sel, dtype=np.float64).sum()
                n[t] += sel.size
    return wall, cpu, np.sqrt(sq / n)


def daybreak(args, env=None):
    """Runs ./daybreak; returns (process, wall seconds, CPU seconds of the process: user + system)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(DAYBREAK + args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("daybreak %s failed: %s" % (" ".join(args), p.stderr[-2000:]))
    return p, wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def load():
    return [round(x, 2) for x in os.getloadavg()]


def decode_part(big, size):
    load_before = load()
    layouts = {}
    for layout in ("planar", "interleaved"):
        p, wall, _ = daybreak(["corr", "stats", big, "--json", "--layout", layout, "--repeat", str(REPEATS)])
        st = json.loads(p.stdout)
        passes = st["decode_passes"]
        best = min(passes[1:] or passes, key=lambda q: q["cpu_seconds"])
        best_unpack = min((q["cpu_seconds"] - q["file_read_cpu_seconds"]) for q in (passes[1:] or passes))
        layouts[layout] = {
            "kernel": st["decode_kernel"],
            "first_pass_bytes_per_second_per_core": size / passes[0]["cpu_seconds"],
            "best_bytes_per_second_per_core": size / best["cpu_seconds"],
            "best_bytes_per_second_per_core_without_file_reads": size / best_unpack,
            "best_bytes_per_second_wall": size / min(q["wall_seconds"] for q in passes),
            "passes": passes,
            "rms": [s["rms_re"] for s in st["streams"]],
            "whole_process_seconds": wall,
        }
    np_runs = [numpy_decode(big) for _ in range(REPEATS)]
    np_wall = min(r[0] for r in np_runs)
    np_cpu = min(r[1] for r in np_runs)
    np_rms = np_runs[0][2]
    agree = all(bool(np.allclose(layouts[k]["rms"], np_rms, rtol=1e-6)) for k in layouts)
    for k in layouts:
        del layouts[k]["rms"]
    pl = layouts["planar"]
    return {
        "command": "SIZE_MB=%d REPEATS=%d /usr/bin/python3 bench/baseband_bench.py" % (SIZE_MB, REPEATS),
        "input_bytes": size,
        "daybreak_bytes_per_second_per_core": pl["best_bytes_per_second_per_core"],
        "daybreak_bytes_per_second_per_core_first_pass": pl["first_pass_bytes_per_second_per_core"],
        "daybreak_bytes_per_second_per_core_without_file_reads":
            pl["best_bytes_per_second_per_core_without_file_reads"],
        "daybreak_layouts": layouts,
        "numpy_bytes_per_second_per_core": size / np_cpu,
        "numpy_bytes_per_second_wall": size / np_wall,
        "numpy_decode_cpu_seconds_best": np_cpu,
        "rms_agree": agree,
        "target_bytes_per_second_per_core": 1e9,
        "repeats": REPEATS,
        "load_average_before": load_before,
        "load_average_after": load(),
        "note": "Whole-file decode of a synthetic %d MiB VDIF (8 threads, 1 channel, real 2-bit), one thread, %d"
                " passes in one JVM. daybreak_bytes_per_second_per_core: the correlator's planar decoder, best"
                " pass after the first, file reads (4 MiB read-ahead, page cache) included; _first_pass: the"
                " first pass of a fresh JVM (JIT warm-up included: the scalar byte table runs until the vector"
                " kernel is compiled, on a side thread whose CPU time is not counted); _without_file_reads: the"
                " best pass less the CPU time of its file reads, comparable with NumPy's figure, which times the"
                " np.take decoding step alone (4 float32 per payload byte, best of %d passes). Per core = input"
                " bytes / CPU seconds of the decoding thread. Shared 2-core machine: other builds ran at the"
                " same time (load averages above)." % (SIZE_MB, REPEATS, REPEATS),
    }


def best_run(args, env=None):
    runs = [daybreak(args, env) for _ in range(CORR_REPEATS)]
    p, wall, cpu = min(runs, key=lambda r: r[1])
    return json.loads(p.stdout.strip().splitlines()[-1]), wall, min(r[2] for r in runs)


def correlation_part(tmp):
    load_before = load()
    channels, integrate = 256, int(os.environ.get("INTEGRATE", "4096"))
    common = ["--channels", str(channels), "--integrate", str(integrate), "--threads", "1"]
    big = os.path.join(tmp, "stream.vdif")
    make_vdif(big, STREAM_MB)
    small = os.path.join(tmp, "mem.vdif")
    make_vdif(small, MEM_MB)
    infos = [daybreak(["corr", "info", small, "--json"]) for _ in range(CORR_REPEATS)]
    startup = min(r[1] for r in infos)
    startup_cpu = min(r[2] for r in infos)
    env = dict(os.environ, DAYBREAK_JAVA_OPTS="-Xmx" + STREAM_HEAP)
    r_big, t_big, c_big = best_run(["corr", "run", "--in", big, "--out", os.path.join(tmp, "s.h5")] + common, env)
    os.remove(big)
    r_small, t_small, c_small = best_run(["corr", "run", "--in", small, "--out", os.path.join(tmp, "s2.h5")]
                                         + common)
    npy = os.path.join(tmp, "v.npy")
    daybreak(["corr", "voltages", small, "--out", npy])
    v = np.load(npy, mmap_mode="r")
    spectra = r_small["spectra"]
    v = np.ascontiguousarray(v[:spectra * 2 * channels, :, :, 0].transpose(1, 2, 0), np.float32)
    os.remove(npy)
    mem = os.path.join(tmp, "mem.npy")
    np.save(mem, v)
    del v
    r_mem, t_mem, c_mem = best_run(["corr", "run", "--in", mem, "--out", os.path.join(tmp, "m.h5"), "--sample-rate",
                                    "32e6"] + common)
    os.remove(mem)

    def entry(r, wall, cpu, size, extra):
        e = {"input_bytes": size, "spectra": r["spectra"], "wall_seconds": wall, "cpu_seconds": cpu,
             "spectra_per_second": r["spectra"] / wall,
             "spectra_per_second_without_startup": r["spectra"] / max(1e-9, wall - startup),
             "spectra_per_cpu_second": r["spectra"] / cpu}
        e.update(extra)
        return e

    return {
        "channels": channels, "integrate": integrate, "threads": 1, "repeats": CORR_REPEATS,
        "startup_seconds": startup, "startup_cpu_seconds": startup_cpu,
        "streaming_large": entry(r_big, t_big, c_big, STREAM_MB << 20, {
            "heap": "-Xmx" + STREAM_HEAP, "note": "the file is larger than the JVM's heap"}),
        "streaming": entry(r_small, t_small, c_small, os.path.getsize(small), {}),
        "in_memory": entry(r_mem, t_mem, c_mem, spectra * 2 * channels * 8 * 4, {
            "note": "float32 .npy [antenna][pol][sample] of the same voltages as the streaming run (loading"
                    " included)"}),
        "load_average_before": load_before,
        "load_average_after": load(),
        "note": "whole processes (JVM start, reading, writing HDF5), best wall of the repeats; spectra = dumps x"
                " integrate (each spectrum covers all 8 streams); _without_startup subtracts the start-up cost"
                " measured with corr info; spectra_per_cpu_second uses the process's user + system CPU time"
                " (JIT and GC threads included), less sensitive to the other jobs on the machine",
    }


def output_streaming(tmp):
    """Section 3: a run whose visibilities are much larger than the heap, appended to HDF5 as it goes."""
    path = os.path.join(tmp, "stream.vdif")
    size = make_vdif(path, OUT_STREAM_MB)
    channels, integrate = 32, 16
    args = ["corr", "run", "--in", path, "--channels", str(channels), "--integrate", str(integrate), "--threads", "1"]
    entry = {"command": "OUT_STREAM_MB=%d /usr/bin/python3 bench/baseband_bench.py" % OUT_STREAM_MB, "input_bytes": size,
             "channels": channels, "integrate": integrate, "threads": 1}
    runs = [("after", DAYBREAK, "64m")]
    if BEFORE:
        runs += [("before", BEFORE, "64m"), ("before", BEFORE, "2g")]
    for label, cmd, heap in runs:
        out = os.path.join(tmp, "stream_%s_%s.h5" % (label, heap))
        # a fresh interpreter per run, so that RUSAGE_CHILDREN holds this run's peak only
        probe = subprocess.run([sys.executable, "-c", """
import json, resource, subprocess, sys, time, os
env = dict(os.environ, DAYBREAK_JAVA_OPTS='-Xmx' + sys.argv[1])
t0 = time.perf_counter()
p = subprocess.run(sys.argv[2:], capture_output=True, text=True, env=env)
print(json.dumps({'code': p.returncode, 'wall': time.perf_counter() - t0, 'out': p.stdout, 'err': p.stderr[-600:],
                  'rss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
""", heap] + cmd + args + ["--out", out], capture_output=True, text=True)
        r = json.loads(probe.stdout)
        key = "%s_xmx%s" % (label, heap)
        e = {"exit_status": r["code"], "wall_seconds": r["wall"], "max_resident_kib": r["rss_kib"]}
        if r["code"] == 0:
            res = json.loads(r["out"].strip().splitlines()[-1])
            e["spectra"] = res["spectra"]
            e["dumps"] = res["dumps"]
            e["spectra_per_second"] = res["spectra"] / r["wall"]
            e["output_bytes"] = os.path.getsize(out)
            import h5py
            with h5py.File(out, "r") as f:
                v = f["visibilities"]
                e["h5py_maxshape"] = [m for m in v.maxshape]
                e["h5py_ok"] = bool(v.shape[0] == res["dumps"] and f["timestamps"].shape[0] == res["dumps"]
                                    and np.isfinite(v[-1]).all())
        else:
            e["error"] = r["err"].strip().splitlines()[-1] if r["err"].strip() else ""
        entry[key] = e
        if os.path.exists(out):
            os.remove(out)
    entry["note"] = ("whole processes (JVM start, reading, correlating, writing HDF5 to /tmp); 'before' is the build"
                     " that kept the visibilities until the end (jHDF's writer) and refused when they exceeded a"
                     " quarter of the heap; shared 2-core machine (1-minute load average %.1f after)"
                     % os.getloadavg()[0])
    os.remove(path)
    return entry


def main():
    if os.environ.get("ONLY_STREAMING"):
        tmp = tempfile.mkdtemp(prefix="baseband-bench-")
        out = os.path.join(ROOT, "bench", "results", "baseband.json")
        result = json.load(open(out)) if os.path.exists(out) else {}
        result["output_streaming"] = output_streaming(tmp)
        with open(out, "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps(result["output_streaming"], indent=2))
        return
    tmp = tempfile.mkdtemp(prefix="baseband-bench-")
    big = os.path.join(tmp, "big.vdif")
    size = make_vdif(big, SIZE_MB)
    result = {
        "machine": open(os.path.join(ROOT, "bench", "results", "machine.txt")).read().strip()
        if os.path.exists(os.path.join(ROOT, "bench", "results", "machine.txt")) else "",
        "measured": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()),
        "decode_2bit_vdif": decode_part(big, size),
    }
    os.remove(big)
    result["correlation"] = correlation_part(tmp)
    result["output_streaming"] = output_streaming(tmp)
    out = os.path.join(ROOT, "bench", "results", "baseband.json")
    if os.path.exists(out):
        # entries measured by hand (the 4 GiB streaming run) are kept
        for k, v in json.load(open(out)).items():
            result.setdefault(k, v)
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

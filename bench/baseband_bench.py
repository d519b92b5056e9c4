#!/usr/bin/python3
"""Baseband benchmark: decoding 2-bit VDIF to float32, and streaming against in-memory correlation.

1. Decoding. Input: a VDIF file made of sample.vdif's 16 real frames (8 threads, 2-bit, EDV 3) repeated with running
   frame numbers up to SIZE_MB MiB. Daybreak: `./daybreak corr stats FILE --json` decodes every sample to float32
   (file reads included) and reports the wall and CPU seconds spent decoding; also the whole process is timed.
   NumPy peer (same run): the file read in slabs of SLAB_FRAMES frames, headers dropped, each payload byte mapped
   through a [256][4] float32 look-up table of the VDIF levels (-3.3359, -1, 1, 3.3359) with one 16-byte np.take
   per byte (the fastest NumPy table decode we found), i.e. the decoding step alone, plus the same per-thread rms. The rms of every thread must agree to 1e-6. The `baseband` Python package is not in Debian,
   so it is not run. Throughput per core = input bytes / CPU seconds of the decoding thread (one thread each);
   wall-clock rates are reported too (on a loaded machine they are a fraction of a core).
2. Correlation. A smaller VDIF (CORR_MB MiB) correlated by `corr run --in FILE.vdif` (streaming, BasebandCorrelator)
   and the same voltages as a float32 .npy [antenna][pol][sample] through `corr run --in FILE.npy` (in-memory,
   FxCorrelator), same channels, taps and integration: spectra per second of the whole process.

3. Output streaming. A VDIF of STREAM_MB MiB correlated with few channels and short dumps, so the visibilities
   (STREAM_OUT: about 300 MB for 32 MiB) are ten times the input and far larger than the heap: `corr run` with
   DAYBREAK_JAVA_OPTS=-Xmx64m appends each dump to the HDF5 output (H5AppendWriter). Reported: spectra per second,
   peak resident memory of the process (wait4's ru_maxrss), output bytes, and the output checked in h5py
   (maxshape[0] None, every timestamp present). With DAYBREAK_BEFORE_CMD (the launcher of an earlier build) the same
   run is also made with that build, first with the same -Xmx64m (which the build that kept the visibilities in memory
   refused) and then with -Xmx2g. ONLY_STREAMING=1 runs this section alone (the other entries of the results file
   are kept).

Run from the repository root: /usr/bin/python3 bench/baseband_bench.py. Writes bench/results/baseband.json.
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
CORR_MB = int(os.environ.get("CORR_MB", "4"))
DAYBREAK = os.environ.get("DAYBREAK_CMD", os.path.join(ROOT, "daybreak")).split()
FRAME = 5032
SLAB_FRAMES = int(os.environ.get("SLAB_FRAMES", "64"))
STREAM_MB = int(os.environ.get("STREAM_MB", "32"))
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
    t0 = time.perf_counter()
    p = subprocess.run(DAYBREAK + args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("daybreak %s failed: %s" % (" ".join(args), p.stderr[-2000:]))
    return p, wall


def output_streaming(tmp):
    """Section 3: a run whose visibilities are much larger than the heap, appended to HDF5 as it goes."""
    path = os.path.join(tmp, "stream.vdif")
    size = make_vdif(path, STREAM_MB)
    channels, integrate = 32, 16
    args = ["corr", "run", "--in", path, "--channels", str(channels), "--integrate", str(integrate), "--threads", "1"]
    entry = {"command": "STREAM_MB=%d /usr/bin/python3 bench/baseband_bench.py" % STREAM_MB, "input_bytes": size,
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
    p, wall = daybreak(["corr", "stats", big, "--json"])
    st = json.loads(p.stdout)
    db_decode = st["decode_seconds"]
    db_cpu = st["decode_cpu_seconds"]
    db_rms = [s["rms_re"] for s in st["streams"]]
    np_decode, np_cpu, np_rms = numpy_decode(big)
    agree = bool(np.allclose(db_rms, np_rms, rtol=1e-6))
    load = os.getloadavg()[0]

    small = os.path.join(tmp, "small.vdif")
    make_vdif(small, CORR_MB)
    channels, integrate = 256, 256
    p1, t_stream = daybreak(["corr", "run", "--in", small, "--out", os.path.join(tmp, "s.h5"), "--channels",
                             str(channels), "--integrate", str(integrate), "--threads", "1"])
    r1 = json.loads(p1.stdout.strip().splitlines()[-1])
    npy = os.path.join(tmp, "v.npy")
    daybreak(["corr", "voltages", small, "--out", npy])
    v = np.load(npy)[..., 0]                        # [sample][stream][pol]
    spectra = r1["spectra"]
    v = np.ascontiguousarray(v[:spectra * 2 * channels].transpose(1, 2, 0))  # [antenna][pol][sample]
    mem = os.path.join(tmp, "mem.npy")
    np.save(mem, v.astype(np.float32))
    p2, t_mem = daybreak(["corr", "run", "--in", mem, "--out", os.path.join(tmp, "m.h5"), "--channels",
                          str(channels), "--integrate", str(integrate), "--threads", "1", "--sample-rate", "32e6"])
    r2 = json.loads(p2.stdout.strip().splitlines()[-1])
    result = {
        "machine": open(os.path.join(ROOT, "bench", "results", "machine.txt")).read().strip()
        if os.path.exists(os.path.join(ROOT, "bench", "results", "machine.txt")) else "",
        "decode_2bit_vdif": {
            "command": "SIZE_MB=%d /usr/bin/python3 bench/baseband_bench.py" % SIZE_MB,
            "input_bytes": size,
            "daybreak_bytes_per_second_per_core": size / db_cpu,
            "daybreak_decode_cpu_seconds": db_cpu,
            "daybreak_decode_wall_seconds": db_decode,
            "daybreak_bytes_per_second_wall": size / db_decode,
            "daybreak_whole_process_seconds": wall,
            "numpy_bytes_per_second_per_core": size / np_cpu,
            "numpy_decode_cpu_seconds": np_cpu,
            "numpy_decode_wall_seconds": np_decode,
            "numpy_bytes_per_second_wall": size / np_decode,
            "rms_agree": agree,
            "target_bytes_per_second_per_core": 1e9,
            "load_average_1min_after": load,
            "note": "Whole-file decode of a synthetic %d MiB VDIF (8 threads, 1 channel, real 2-bit). Daybreak: `corr"
                    " stats` calls BasebandReader.read (the path of corr voltages, corr run on recordings and"
                    " daybreak.corr.open slicing), which writes [sample][stream][pol][re,im] float32 (8 floats per"
                    " input byte, im = 0) and includes the 4 MiB read-ahead file reads (page cache); one thread."
                    " NumPy: np.take of 16-byte table items (4 float32 per payload byte, the payload only, no"
                    " interleave), one thread. Per core = input bytes / CPU seconds of the decoding thread;"
                    " wall = input bytes / elapsed seconds. Shared 2-core machine: other builds ran at the same"
                    " time (1-minute load average above), so wall rates are a fraction of a core." % SIZE_MB,
        },
        "correlation": {
            "input_bytes": os.path.getsize(small),
            "channels": channels, "integrate": integrate, "threads": 1,
            "streaming_spectra": r1["spectra"], "streaming_seconds": t_stream,
            "streaming_spectra_per_second": r1["spectra"] / t_stream,
            "in_memory_spectra": r2["spectra"], "in_memory_seconds": t_mem,
            "in_memory_spectra_per_second": r2["spectra"] / t_mem,
            "note": "whole processes (JVM start, reading, writing HDF5); spectra = dumps x integrate",
        },
    }
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

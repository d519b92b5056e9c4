#!/usr/bin/python3
"""Benchmark: colour mapping and drawing of a 2048 x 2048 float32 frame, and the redraw of a 1e6-point trace.

Daybreak side: the Java main org.daybreak.plot.bench.PlotBench (bundles/org.daybreak.plot/src/test/java),
compiled here with javac against the core and plot bundles (no Maven) and run once; it times, after JIT warm-up,
medians of repetitions of
  - System.arraycopy of the 16 MiB float32 frame and of the 16 MiB int[] ARGB buffer (the memory-copy yardstick),
  - ColorMapper.toArgb (viridis, linear cut 50..5000, NaN pixels) into the int[] buffer,
  - the same plus Graphics2D.drawImage of that buffer at 1:1 into a BufferedImage, and the mapping straight into
    the final buffer (the shown BufferedImage's own int[], or an SWT ImageData's BGRA bytes),
  - the process CPU time (all threads) of the mapping (linear, log, SWT BGRA) and of the copy (less disturbed by
    other processes on a shared machine than wall-clock time),
  - log/sqrt scaling, RGB-byte output (SWT ImageData layout), percentile auto-contrast, a 256-bin histogram,
  - PlotRenderer.render of a 1e6-point random walk into 800 x 600 (decimation + JFreeChart), and decimation alone.
Python peer, same run: numpy on the same kind of frame: a 16 MiB copy, the LUT application a hand-written numpy
colour mapping does (clip/scale/astype/take), and matplotlib's own cmap(Normalize(...)(a), bytes=True).
End to end (when the launcher works): `./daybreak plot AgBehenate_228.hdf5 --out x.png` against a matplotlib
script (h5py read, imshow with colour bar, savefig), each as a whole process.

The Java main runs twice in the same run: with the Vector API form of the colour mapping (jdk.incubator.vector
resolved, as in the workbench; the main waits for its warm-up) and with the plain scalar form (-Ddaybreak.simd=false);
`scalar_form` and `speedup_vector_over_scalar` hold the comparison.

Run from the repository root: /usr/bin/python3 bench/plot_bench.py
DAYBREAK_CMD overrides the launcher (default "./daybreak"), e.g. "java -cp ... org.daybreak.cli.Main".
Writes bench/results/plot.json.
"""
import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
M2 = os.path.expanduser("~/.m2/repository")
JDK = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
JARS = ["org/jfree/jfreechart/1.5.6/jfreechart-1.5.6.jar", "org/jfree/org.jfree.svg/5.0.7/org.jfree.svg-5.0.7.jar"]
N = 2048
REPS = 21
TESTDATA = os.environ.get("DAYBREAK_TESTDATA", os.path.join(ROOT, "..", "shared", "testdata"))
FRAME = os.path.join(TESTDATA, "nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5")


def median_ms(fn, warmup=3, reps=REPS):
    for _ in range(warmup):
        fn()
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        t.append((time.perf_counter() - t0) * 1e3)
    return round(float(np.median(t)), 3)


def java_side():
    out = tempfile.mkdtemp(prefix="plot_bench.")
    cp = ":".join(os.path.join(M2, j) for j in JARS)
    srcs = []
    for b in ("org.daybreak.core", "org.daybreak.plot"):
        # the plot command (package cli) needs the HDF5 bundle; the kernels and renderers do not
        srcs += [f for f in glob.glob(os.path.join(ROOT, "bundles", b, "src/main/java/**/*.java"), recursive=True)
                 if "/org/daybreak/plot/cli/" not in f]
    srcs.append(os.path.join(ROOT, "bundles/org.daybreak.plot/src/test/java/org/daybreak/plot/bench/PlotBench.java"))
    subprocess.run([os.path.join(JDK, "bin/javac"), "-nowarn", "--release", "21", "--add-modules",
                    "jdk.incubator.vector", "-d", out, "-cp", cp] + srcs, check=True)
    subprocess.run(["cp", "-r", os.path.join(ROOT, "bundles/org.daybreak.plot/src/main/resources/."), out], check=True)
    runs = {}
    # the vector form (as in the workbench, which resolves jdk.incubator.vector), then the plain scalar form
    for form, opts in (("vector", []), ("scalar", ["-Ddaybreak.simd=false"])):
        res = subprocess.run([os.path.join(JDK, "bin/java"), "-Xmx2g", "-Djava.awt.headless=true", "--add-modules",
                              "jdk.incubator.vector"] + opts + ["-cp", out + ":" + cp,
                              "org.daybreak.plot.bench.PlotBench", str(REPS)], check=True, capture_output=True,
                             text=True)
        runs[form] = json.loads(res.stdout)
    subprocess.run(["rm", "-rf", out])
    d = runs["vector"]
    s = runs["scalar"]
    d["scalar_form"] = {k: v for k, v in s.items() if k.startswith("colormap") or k.startswith("cpu_") or
                        k.startswith("ratio") or k == "simd"}
    for k in ("colormap_linear_argb_ms", "colormap_into_final_BufferedImage_ms",
              "colormap_into_swt_ImageData_bgra32_ms", "colormap_linear_rgb_bytes_ms", "colormap_log_argb_ms",
              "colormap_sqrt_argb_ms", "cpu_process_colormap_linear_argb_ms", "cpu_process_colormap_log_argb_ms",
              "cpu_process_colormap_linear_swt_bgra32_ms"):
        d.setdefault("speedup_vector_over_scalar", {})[k] = round(s[k] / d[k], 2)
    return d


def python_side():
    import matplotlib
    from matplotlib import colors
    rng = np.random.default_rng(42)
    y, x = np.mgrid[0:N, 0:N]
    rad = np.hypot(x - 900, y - 1100)
    a = (100 + 5000 * np.exp(-((rad % 300) - 150) ** 2 / 50) + 10 * rng.standard_normal((N, N))).astype(np.float32)
    a.flat[rng.integers(0, a.size, 1000)] = np.nan
    dst = np.empty_like(a)
    lut = (np.asarray(matplotlib.colormaps["viridis"](np.arange(256))) * 255).round().astype(np.uint8)
    lut32 = (0xFF << 24 | lut[:, 0].astype(np.uint32) << 16 | lut[:, 1].astype(np.uint32) << 8 | lut[:, 2]).astype(np.uint32)
    lut32 = np.append(lut32, np.uint32(0))
    lo, hi = 50.0, 5000.0
    k = np.float32(256 / (hi - lo))

    def numpy_lut():
        f = (a - np.float32(lo)) * k
        idx = np.clip(np.nan_to_num(f, nan=-1), 0, 255).astype(np.intp)
        idx[np.isnan(a)] = 256
        return lut32.take(idx)

    norm = colors.Normalize(lo, hi)
    cmap = matplotlib.colormaps["viridis"]
    return {
        "numpy": np.__version__, "matplotlib": matplotlib.__version__,
        "numpy_copy_float32_16MiB_ms": median_ms(lambda: np.copyto(dst, a)),
        "numpy_lut_colormap_argb_ms": median_ms(numpy_lut),
        "matplotlib_cmap_norm_bytes_ms": median_ms(lambda: cmap(norm(a), bytes=True), warmup=1, reps=5),
    }


def end_to_end():
    cmd = shlex.split(os.environ.get("DAYBREAK_CMD", "./daybreak"))
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "d.png")
        t = []
        for _ in range(3):
            t0 = time.perf_counter()
            p = subprocess.run(cmd + ["plot", FRAME, "--out", png], cwd=ROOT, capture_output=True, text=True)
            t.append(time.perf_counter() - t0)
            if p.returncode != 0:
                return {"daybreak_plot_error": (p.stderr or p.stdout).strip()[-300:]}
        res["daybreak_plot_AgBehenate_png_s"] = round(float(np.median(t)), 3)
        script = ("import sys, h5py, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt, numpy as np\n"
                  "a = h5py.File(sys.argv[1], 'r')['/entry/data/data'][()]\n"
                  "lo, hi = np.percentile(a, [0.5, 99.5]); fig = plt.figure(figsize=(9, 3.8), dpi=100)\n"
                  "im = plt.imshow(a, cmap='viridis', vmin=lo, vmax=hi); plt.colorbar(im); fig.savefig(sys.argv[2])\n")
        t = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", script, FRAME, os.path.join(tmp, "m.png")], check=True)
            t.append(time.perf_counter() - t0)
        res["matplotlib_script_AgBehenate_png_s"] = round(float(np.median(t)), 3)
    return res


def main():
    load_before = os.getloadavg()[0]
    result = {"daybreak": java_side(), "python_peer": python_side()}
    d = result["daybreak"]
    p = result["python_peer"]
    result["summary"] = {
        "colormap_ms": d["colormap_linear_argb_ms"],
        "colormap_and_draw_ms": d["colormap_and_drawImage_1to1_ms"],
        "memcpy_ms": d["memcpy_int_argb_16MiB_ms"],
        "colormap_into_final_buffer_ms": d["colormap_into_final_BufferedImage_ms"],
        "ratio_colormap_into_final_buffer_to_memcpy": d["ratio_final_buffer_to_memcpy"],
        "ratio_colormap_and_drawImage_to_memcpy": d["ratio_map_and_draw_to_memcpy"],
        "cpu_ratio_colormap_to_memcpy_process": d["cpu_ratio_colormap_to_memcpy"],
        "cpu_process_colormap_linear_ms": d["cpu_process_colormap_linear_argb_ms"],
        "cpu_process_colormap_linear_scalar_form_ms": d["scalar_form"]["cpu_process_colormap_linear_argb_ms"],
        "cpu_process_colormap_log_ms": d["cpu_process_colormap_log_argb_ms"],
        "cpu_process_colormap_log_scalar_form_ms": d["scalar_form"]["cpu_process_colormap_log_argb_ms"],
        "cpu_process_colormap_bgra_ms": d["cpu_process_colormap_linear_swt_bgra32_ms"],
        "cpu_process_colormap_bgra_scalar_form_ms": d["scalar_form"]["cpu_process_colormap_linear_swt_bgra32_ms"],
        "target_ratio": 10,
        "numpy_lut_ms": p["numpy_lut_colormap_argb_ms"],
        "matplotlib_cmap_ms": p["matplotlib_cmap_norm_bytes_ms"],
        "colormap_form": d["colormap_form"],
        "colormap_scalar_form_ms": d["scalar_form"]["colormap_linear_argb_ms"],
        "colormap_log_ms": d["colormap_log_argb_ms"],
        "colormap_log_scalar_form_ms": d["scalar_form"]["colormap_log_argb_ms"],
        "ratio_colormap_to_numpy_lut": round(d["colormap_linear_argb_ms"] / p["numpy_lut_colormap_argb_ms"], 3),
        "redraw_1e6_points_800x600_ms": d["redraw_1e6_point_trace_800x600_ms"],
    }
    if os.path.exists(FRAME):
        result["end_to_end"] = end_to_end()
    # the machine is shared: a load average above the core count inflates every CPU-bound figure
    result["machine"] = {"cpus": os.cpu_count(), "loadavg_1min_before": round(load_before, 2),
                         "loadavg_1min_after": round(os.getloadavg()[0], 2)}
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/results/plot.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

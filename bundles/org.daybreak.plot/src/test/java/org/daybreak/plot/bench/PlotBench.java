package org.daybreak.plot.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.json.Json;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.ColorMapper;
import org.daybreak.plot.color.Contrast;
import org.daybreak.plot.color.Histogram;
import org.daybreak.plot.color.Scaling;
import org.daybreak.plot.render.Decimator;
import org.daybreak.plot.render.Images;
import org.daybreak.plot.render.PlotRenderer;

/**
 * Benchmark main (not a test), run by bench/plot_bench.py: colour mapping and 1:1 drawing of a 2048 x 2048
 * float32 frame against plain memory copies of the same size measured in the same run, and the redraw of a
 * 1e6-point trace into 800 x 600. Medians of repetitions after JIT warm-up, in milliseconds. Prints JSON.
 */
public final class PlotBench {
    private static final int N = 2048;

    private interface Body {
        void run();
    }

    private static double median(int warmup, int reps, Body body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return reps % 2 == 1 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
    }

    /**
     * Median CPU time of all the process's threads per run (the sum of their thread CPU clocks, nanosecond
     * resolution, unlike the process clock's ticks), in milliseconds, after 10 warm-up runs.
     */
    private static double medianCpu(int reps, Body body) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 10; i++) {
            body.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = allThreadsCpu(bean);
            body.run();
            t[i] = (allThreadsCpu(bean) - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static long allThreadsCpu(java.lang.management.ThreadMXBean bean) {
        long sum = 0;
        for (long id : bean.getAllThreadIds()) {
            long t = bean.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        Random r = new Random(42);
        float[] frame = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                // a ring pattern over Poisson-like noise, with a few NaN pixels (detector gaps)
                double rad = Math.hypot(x - 900, y - 1100);
                frame[y * N + x] = (float) (100 + 5000 * Math.exp(-Math.pow((rad % 300) - 150, 2) / 50)
                        + 10 * r.nextGaussian());
            }
        }
        for (int i = 0; i < 1000; i++) {
            frame[r.nextInt(frame.length)] = Float.NaN;
        }
        NDArray image = NDArray.of(frame, N, N);
        float[] floatCopy = new float[N * N];
        int[] argb = new int[N * N];
        int[] argbCopy = new int[N * N];
        byte[] rgb = new byte[3 * N * N];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("frame", N + " x " + N + " float32");
        out.put("threads", Runtime.getRuntime().availableProcessors());
        out.put("repetitions", reps);
        out.put("java", System.getProperty("java.version"));
        // the vector form of the colour mapping takes over once its warm-up has compiled it: wait for that (at most
        // 30 s) so that every figure below is of one form
        long until = System.nanoTime() + 30_000_000_000L;
        while (org.daybreak.core.simd.Simd.enabled() && !ColorMapper.vectorForm() && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.put("colormap_form", ColorMapper.vectorForm() ? "vector" : "scalar");
        out.put("simd", org.daybreak.core.simd.Simd.describe());

        double copyFloat = median(10, reps, () -> System.arraycopy(frame, 0, floatCopy, 0, frame.length));
        double copyInt = median(10, reps, () -> System.arraycopy(argb, 0, argbCopy, 0, argb.length));
        out.put("memcpy_float32_16MiB_ms", round(copyFloat));
        out.put("memcpy_int_argb_16MiB_ms", round(copyInt));

        ColorMapper linear = new ColorMapper(ColorMap.get("viridis"), Scaling.LINEAR, 50, 5000, 0);
        double map = median(10, reps, () -> linear.toArgb(image, argb, 0, N));
        out.put("colormap_linear_argb_ms", round(map));

        BufferedImage target = new BufferedImage(N, N, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        double mapDraw = median(10, reps, () -> {
            linear.toArgb(image, argb, 0, N);
            g.drawImage(Images.argb(argb, N, N, false), 0, 0, null);
        });
        g.dispose();
        out.put("colormap_and_drawImage_1to1_ms", round(mapDraw));
        // drawing into the final buffer: the pixels of the BufferedImage a view shows, filled in place
        int[] finalPixels = ((java.awt.image.DataBufferInt) target.getRaster().getDataBuffer()).getData();
        double mapFinal = median(10, reps, () -> linear.toArgb(image, finalPixels, 0, N));
        out.put("colormap_into_final_BufferedImage_ms", round(mapFinal));
        byte[] imageData = new byte[4 * N * N];
        double mapSwt = median(10, reps, () -> linear.toBgra(image, imageData, 0, 4 * N));
        out.put("colormap_into_swt_ImageData_bgra32_ms", round(mapSwt));
        out.put("ratio_final_buffer_to_memcpy", round(mapFinal / copyInt));
        out.put("ratio_map_to_memcpy", round(map / copyInt));
        out.put("ratio_map_and_draw_to_memcpy", round(mapDraw / copyInt));

        // CPU time of the whole process (every thread of the mapping's bands, the memory copy on one), which other
        // processes on a shared machine disturb much less than wall-clock time
        ColorMapper logMapper = new ColorMapper(ColorMap.get("inferno"), Scaling.LOG, 50, 5000, 0);
        double cpuMap = medianCpu(reps, () -> linear.toArgb(image, argb, 0, N));
        double cpuLog = medianCpu(reps, () -> logMapper.toArgb(image, argb, 0, N));
        double cpuBgra = medianCpu(reps, () -> linear.toBgra(image, imageData, 0, 4 * N));
        double cpuCopy = medianCpu(reps, () -> System.arraycopy(argb, 0, argbCopy, 0, argb.length));
        out.put("cpu_process_colormap_linear_argb_ms", round(cpuMap));
        out.put("cpu_process_colormap_log_argb_ms", round(cpuLog));
        out.put("cpu_process_colormap_linear_swt_bgra32_ms", round(cpuBgra));
        out.put("cpu_process_memcpy_int_argb_16MiB_ms", round(cpuCopy));
        out.put("cpu_ratio_colormap_to_memcpy", round(cpuMap / cpuCopy));

        out.put("colormap_linear_rgb_bytes_ms", round(median(5, reps, () -> linear.toRgb(image, rgb, 0, 3 * N))));
        ColorMapper log = new ColorMapper(ColorMap.get("inferno"), Scaling.LOG, 50, 5000, 0);
        ColorMapper sqrt = new ColorMapper(ColorMap.get("magma"), Scaling.SQRT, 50, 5000, 0);
        out.put("colormap_log_argb_ms", round(median(5, reps, () -> log.toArgb(image, argb, 0, N))));
        out.put("colormap_sqrt_argb_ms", round(median(5, reps, () -> sqrt.toArgb(image, argb, 0, N))));
        out.put("auto_contrast_percentiles_0.5_99.5_ms",
                round(median(3, Math.max(5, reps / 2), () -> Contrast.autoRange(image, 0.5, 99.5, Scaling.LINEAR))));
        out.put("histogram_256_bins_ms", round(median(3, reps, () -> Histogram.compute(image, 0, 6000, 256, false))));

        int n = 1_000_000;
        double[] tx = new double[n];
        double[] ty = new double[n];
        double walk = 0;
        for (int i = 0; i < n; i++) {
            tx[i] = i;
            walk += r.nextGaussian();
            ty[i] = walk;
        }
        out.put("decimate_1e6_points_ms",
                round(median(10, reps, () -> Decimator.keep(tx, ty, 0, n - 1, 1600, false))));
        Plot plot = new Plot();
        LineTrace t = plot.createLineTrace("random walk");
        t.setData(tx, ty).setColor(Color.BLUE);
        plot.addTrace(t);
        plot.xAxis().setLabel("sample");
        plot.yAxis().setLabel("value");
        out.put("redraw_1e6_point_trace_800x600_ms", round(median(5, reps, () -> PlotRenderer.render(plot, 800, 600))));
        out.put("points_drawn_after_decimation", PlotRenderer.render(plot, 800, 600).pointsDrawn());
        System.out.println(Json.pretty(out));
    }
}

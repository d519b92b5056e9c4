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

    private static double medianCpu(java.lang.management.ThreadMXBean bean, int reps, Body body) {
        for (int i = 0; i < 10; i++) {
            body.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = bean.getCurrentThreadCpuTime();
            body.run();
            t[i] = (bean.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
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

        // CPU time of one thread doing all the work (a pool of parallelism 1 runs every band), which other
        // processes on a shared machine disturb much less than wall-clock time
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.concurrent.ForkJoinPool single = new java.util.concurrent.ForkJoinPool(1);
        try {
            double[] cpu = single.submit(() -> {
                double m = medianCpu(bean, reps, () -> linear.toArgb(image, argb, 0, N));
                double c = medianCpu(bean, reps, () -> System.arraycopy(argb, 0, argbCopy, 0, argb.length));
                return new double[] {m, c};
            }).get();
            out.put("cpu_one_thread_colormap_linear_argb_ms", round(cpu[0]));
            out.put("cpu_one_thread_memcpy_int_argb_16MiB_ms", round(cpu[1]));
            out.put("cpu_ratio_colormap_to_memcpy", round(cpu[0] / cpu[1]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            single.shutdown();
        }

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

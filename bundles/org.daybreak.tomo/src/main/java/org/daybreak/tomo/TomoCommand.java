package org.daybreak.tomo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.JobRunner;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.daybreak.core.json.Json;

/** {@code daybreak tomo}: centre of rotation and reconstruction of scans and sinograms. */
public final class TomoCommand implements Command {
    private static final Set<String> RECON_VALUED = Set.of("out", "center", "algorithm", "filter", "iterations",
            "slices", "ring-removal", "ring-size", "angles", "sinogram", "darks", "flats", "flat-mode", "crop", "bin",
            "zinger-threshold", "threads", "tiff-dir", "center-slice");
    private static final Set<String> CENTER_VALUED = Set.of("angles", "sinogram", "slice", "darks", "flats",
            "flat-mode", "crop", "bin", "ring-removal", "ring-size", "zinger-threshold", "search", "out", "filter",
            "threads");

    @Override
    public String name() {
        return "tomo";
    }

    @Override
    public String summary() {
        return "tomography: find the centre of rotation, reconstruct slices and volumes";
    }

    @Override
    public String usage() {
        return """
                usage:
                  daybreak tomo recon INPUT --out OUT.h5|OUT.npy [options]
                      INPUT: NXtomo or DataExchange .nxs/.h5, or a folder of TIFF projections (needs --angles)
                  daybreak tomo recon --sinogram S.npy --angles A.npy --out R.npy [options]
                      S: [angle][detector] or [slice][angle][detector]; angles in degrees; R: [y][x] or [slice][y][x]
                  daybreak tomo center (INPUT [--slice N] | --sinogram S.npy --angles A.npy [--slice N]) [--json]
                      prints the centre of rotation (Vo et al. 2014); with --search FROM:TO:STEP it reconstructs the
                      slice at each candidate, prints centre and entropy metric, and writes the stack to --out S.npy
                options:
                  --center auto|VALUE      centre of rotation in detector bins (default: bins/2 for sinograms,
                                           auto for scans)
                  --algorithm fbp|sirt|cgls  (default fbp)    --filter ramp|shepp-logan|cosine|hamming|hann
                  --iterations N           SIRT/CGLS iterations (default 100 / 20)
                  --slices A:B             detector rows / sinogram slices to reconstruct (default all)
                  --ring-removal none|sorting   Vo et al. 2018 sorting-based stripe removal; --ring-size N (21)
                  --zinger-threshold T     replace values further than T from their 3x3 median (default off)
                  --flat-mode interpolate|average   flats before and after the projections (default interpolate)
                  --darks PATH --flats PATH   dark/flat TIFF file or folder (TIFF input)
                  --crop A:B               detector columns to keep    --bin N   bin columns and rows by N
                  --tiff-dir DIR           also write one float32 TIFF per slice
                  --threads N              worker threads (default: all cores)
                  --device cpu|gpu|auto    where the reconstruction runs (default auto: the first GPU of
                                           ./daybreak devices when one is usable, else the CPU; the last line
                                           says which ran); gpu without a usable GPU is an error
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("tomo: missing subcommand (recon or center); see daybreak tomo --help");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "recon" -> recon(rest, out, err);
            case "center", "centre" -> centre(rest, out, err);
            case "--help", "-h", "help" -> {
                out.println(usage());
                yield 0;
            }
            default -> throw new UsageException("tomo: unknown subcommand '" + sub + "' (recon or center)");
        };
    }

    private static Map<String, String> inputs(Args a) {
        Map<String, String> in = new LinkedHashMap<>();
        if (a.has("sinogram")) {
            a.atMostPositional(0);
            in.put("sinogram", a.get("sinogram"));
        } else {
            a.atMostPositional(1);
            in.put("scan", a.positional(0, "INPUT (a scan file or TIFF folder, or --sinogram S.npy)"));
        }
        for (String k : List.of("angles", "darks", "flats")) {
            if (a.has(k)) {
                in.put(k, a.get(k));
            }
        }
        return in;
    }

    private static void copy(Args a, Map<String, Object> params, String option, String param, boolean number) {
        if (!a.has(option)) {
            return;
        }
        String v = a.get(option);
        if (number) {
            try {
                params.put(param, v.contains(".") || v.contains("e") ? (Object) Double.parseDouble(v)
                        : (Object) Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new UsageException("tomo: option --" + option + " needs a number, not '" + v + "'");
            }
        } else {
            params.put(param, v);
        }
    }

    private static Map<String, Object> commonParams(Args a) {
        Map<String, Object> p = new LinkedHashMap<>();
        copy(a, p, "ring-removal", "ring_removal", false);
        copy(a, p, "ring-size", "ring_size", true);
        copy(a, p, "zinger-threshold", "zinger_threshold", true);
        copy(a, p, "flat-mode", "flat_mode", false);
        copy(a, p, "crop", "crop", false);
        copy(a, p, "bin", "bin", true);
        copy(a, p, "threads", "threads", true);
        copy(a, p, "filter", "filter", false);
        return p;
    }

    private int recon(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args("tomo recon", JobRunner.normalise(args), JobRunner.withRunOptions(RECON_VALUED), Set.of("json"));
        RunTarget target = JobRunner.target(a, "tomo recon");
        if (!target.isRemote() && target.device().equals("gpu")) {
            org.daybreak.gpu.Gpus.choose("gpu"); // one line and exit 2 before any input is read
        }
        Map<String, String> in = inputs(a);
        Map<String, Object> p = commonParams(a);
        p.put("out", a.require("out"));
        copy(a, p, "center", "center", false);
        copy(a, p, "algorithm", "algorithm", false);
        copy(a, p, "iterations", "iterations", true);
        copy(a, p, "slices", "slices", false);
        copy(a, p, "tiff-dir", "tiff_dir", false);
        copy(a, p, "center-slice", "center_slice", true);
        JobSpec spec = new JobSpec(ReconJob.KIND, p, in);
        Map<String, Object> result = new JobRunner("tomo recon", err).run(spec, target, new ReconJob());
        if (a.has("json")) {
            out.println(Json.write(result));
        } else {
            err.printf(Locale.ROOT, "tomo recon: wrote %s (%s slice(s), centre %.3f, %.2f s, on %s)%n",
                    result.get("out"), result.get("slices_completed"),
                    ((Number) result.get("center_detector")).doubleValue(),
                    ((Number) result.get("seconds")).doubleValue(), result.getOrDefault("device_name", "the CPU"));
        }
        return 0;
    }

    private int centre(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args("tomo center", args, CENTER_VALUED, Set.of("json"));
        Map<String, String> in = inputs(a);
        Map<String, Object> p = commonParams(a);
        JobSpec spec = new JobSpec(ReconJob.KIND, p, in);
        try (ReconJob.Prepared prep = ReconJob.prepare(spec)) {
            return centre(a, spec, prep.source(), out, err);
        }
    }

    private int centre(Args a, JobSpec spec, SinogramSource src, PrintStream out, PrintStream err) throws Exception {
        int slice = a.getInt("slice", src.slices() / 2);
        if (slice < 0 || slice >= src.slices()) {
            throw new InputException("slice " + slice + " is outside 0.." + (src.slices() - 1) + " of "
                    + src.description());
        }
        float[] sino = ReconJob.preprocess(src.read(slice, slice + 1), src, spec)[0];
        int n = src.detectors();
        if (a.has("search")) {
            String[] parts = a.get("search").split(":");
            if (parts.length != 3) {
                throw new UsageException("tomo center: --search needs FROM:TO:STEP, not '" + a.get("search") + "'");
            }
            double[] centres;
            try {
                centres = CentreSearch.range(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]));
            } catch (NumberFormatException e) {
                throw new UsageException("tomo center: --search needs numbers FROM:TO:STEP, not '" + a.get("search")
                        + "'");
            }
            double[] given = centres.clone();
            for (int i = 0; i < centres.length; i++) {
                centres[i] = src.fromDetector(given[i]);
            }
            for (double c : centres) {
                if (c < 0 || c > n - 1) {
                    throw new InputException("candidate centre " + src.toDetector(c) + " is outside the detector (0 to "
                            + src.toDetector(n - 1) + ")");
                }
            }
            ParallelBeamGeometry g = new ParallelBeamGeometry(src.anglesDegrees(), n, n / 2, n);
            int threads = a.getInt("threads", Runtime.getRuntime().availableProcessors());
            CentreSearch.Result r = CentreSearch.search(g, sino, centres,
                    ReconJob.parseFilter(a.get("filter", "ramp")), threads);
            if (a.has("out")) {
                List<float[]> l = new ArrayList<>(List.of(r.slices()));
                Npy.write(Path.of(a.get("out")), ReconOutput.volume(l, n, false));
            }
            if (a.has("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("slice", slice);
                m.put("best", src.toDetector(r.best()));
                m.put("centres", toList(given));
                m.put("metric", toList(r.metric()));
                out.println(Json.write(m));
            } else {
                for (int i = 0; i < centres.length; i++) {
                    out.printf(Locale.ROOT, "%.3f %.6f%n", given[i], r.metric()[i]);
                }
                err.printf(Locale.ROOT, "tomo center: lowest entropy at centre %.3f%n", src.toDetector(r.best()));
            }
            return 0;
        }
        double c;
        try {
            c = src.toDetector(CentreFinder.find(sino, src.anglesDegrees(), n));
        } catch (IllegalArgumentException e) {
            throw new InputException(src.description() + ": " + e.getMessage(), e);
        }
        if (a.has("json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("centre", c);
            m.put("slice", slice);
            m.put("detectors", n);
            m.put("method", "vo2014");
            out.println(Json.write(m));
        } else {
            out.println(String.format(Locale.ROOT, "%.3f", c));
        }
        return 0;
    }

    private static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }
}

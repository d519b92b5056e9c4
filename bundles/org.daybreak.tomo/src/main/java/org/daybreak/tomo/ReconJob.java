package org.daybreak.tomo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobSpec;
import org.daybreak.gpu.DeviceChoice;
import org.daybreak.gpu.GpuException;
import org.daybreak.gpu.Gpus;
import org.daybreak.tomo.gpu.GpuTomography;
import org.daybreak.tomo.io.AngleFiles;
import org.daybreak.tomo.io.Scans;

/**
 * Job kind {@code tomo.recon}: reconstructs a slice range of a scan or of sinograms in a .npy file and writes it.
 *
 * <p>Inputs (references): either {@code sinogram} (.npy, [angle][detector] or [slice][angle][detector], attenuation)
 * with {@code angles} (.npy or text, degrees), or {@code scan} (NXtomo/DataExchange .nxs/.h5, or a TIFF folder)
 * with optional {@code angles}, {@code darks}, {@code flats}.
 *
 * <p>Params: {@code out} (path; .npy, .h5/.nxs NeXus, required), {@code tiffDir} (optional folder for float32
 * TIFFs), {@code algorithm} (fbp|sirt|cgls), {@code filter} (FBP filter name), {@code iterations},
 * {@code center} ("auto" or a number in raw detector columns, before crop and binning; default: detectors/2 for
 * sinograms, auto for scans; the result's {@code centre} is in sinogram bins after crop and binning,
 * {@code centre_detector} in raw columns),
 * {@code slices} ("A:B", Python-style, default all), {@code ringRemoval} (none|sorting), {@code ringSize},
 * {@code zingerThreshold} (0 = off), {@code flatMode} (interpolate|average), {@code crop} ("A:B" detector
 * columns), {@code bin}, {@code threads}.
 *
 * <p>Progress: one report per block of slices (at most {@link Fbp#BLOCK}). Cancellation is checked between blocks
 * and inside a block's parallel loops; on cancellation the slices of the blocks finished so far are written (a block
 * cut short is dropped) and the output records how many ({@code slices_completed}); the result says
 * {@code cancelled: true}.
 */
public final class ReconJob implements JobHandler {
    public static final String KIND = "tomo.recon";

    static final JobParameter OUT = JobParameter.text("out", null,
            "output file: .h5/.nxs/.hdf/.hdf5 (NXtomo reconstruction entry) or .npy, float32 [slice][y][x]");
    static final JobParameter CENTER = JobParameter.text("center", "auto for scans, detectors/2 for sinograms",
            "centre of rotation in detector bins (of the raw detector, before crop and bin), or auto");
    static final JobParameter CENTER_SLICE = JobParameter.integer("center_slice", "the middle of slices",
            "slice", "slice used to find the centre with center=auto").alias("centerSlice");
    static final JobParameter ALGORITHM = JobParameter.text("algorithm", "fbp", "fbp, sirt or cgls");
    static final JobParameter FILTER = JobParameter.text("filter", "ramp",
            "FBP filter: ramp, shepp-logan, cosine, hamming or hann");
    static final JobParameter ITERATIONS = JobParameter.integer("iterations", "100 (sirt), 20 (cgls)", null,
            "iterations of SIRT/CGLS");
    static final JobParameter SLICES = JobParameter.text("slices", "all",
            "detector rows / sinogram slices A:B to reconstruct");
    static final JobParameter TIFF_DIR = JobParameter.text("tiff_dir", null,
            "folder for one float32 TIFF per slice as well").alias("tiffDir");
    static final JobParameter RING_REMOVAL = JobParameter.text("ring_removal", "none",
            "none or sorting (Vo et al. 2018 sorting-based stripe removal)").alias("ringRemoval");
    static final JobParameter RING_SIZE = JobParameter.integer("ring_size", 21, "detector bins",
            "median window of the stripe removal").alias("ringSize");
    static final JobParameter ZINGER_THRESHOLD = JobParameter.number("zinger_threshold", 0, "counts",
            "replace values further than this from their 3x3 median (0: off)").alias("zingerThreshold");
    static final JobParameter FLAT_MODE = JobParameter.text("flat_mode", "interpolate",
            "scans with flats before and after: interpolate or average").alias("flatMode");
    static final JobParameter CROP = JobParameter.text("crop", "all", "scans: detector columns A:B to keep");
    static final JobParameter BIN = JobParameter.integer("bin", 1, null, "scans: bin columns and rows by this");
    static final JobParameter THREADS = JobParameter.integer("threads", "all cores", null, "worker threads");
    static final List<JobParameter> PARAMETERS = List.of(OUT, CENTER, CENTER_SLICE, ALGORITHM, FILTER, ITERATIONS,
            SLICES, TIFF_DIR, RING_REMOVAL, RING_SIZE, ZINGER_THRESHOLD, FLAT_MODE, CROP, BIN, THREADS);

    @Override
    public List<JobParameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public Map<String, String> inputDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("scan", "NXtomo or DataExchange file, or a folder of TIFF projections");
        m.put("sinogram", ".npy sinogram(s) [angle][detector] or [slice][angle][detector] (instead of scan)");
        m.put("angles", "angles in degrees (.npy/.txt); required with sinogram and TIFF folders");
        m.put("darks", "TIFF scans: dark file or folder");
        m.put("flats", "TIFF scans: flat file or folder");
        return m;
    }

    @Override
    public String description() {
        return "reconstruct slices of a tomography scan or sinogram (FBP, SIRT, CGLS) into a volume file";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
        long t0 = System.nanoTime();
        int threads = Math.max(1, THREADS.integer(spec, context.parallelism()));
        try (Prepared p = prepare(spec)) {
            return run(spec, context, p, threads, t0);
        }
    }

    private Map<String, Object> run(JobSpec spec, JobContext context, Prepared p, int threads, long t0)
            throws Exception {
        SinogramSource src = p.source;
        int n = src.detectors();
        String algorithm = ALGORITHM.text(spec, "fbp").toLowerCase(Locale.ROOT);
        if (!List.of("fbp", "sirt", "cgls").contains(algorithm)) {
            throw new InputException("unknown algorithm '" + algorithm + "'; known: fbp, sirt, cgls");
        }
        FbpFilter filter = parseFilter(FILTER.text(spec, "ramp"));
        int iterations = ITERATIONS.integer(spec, algorithm.equals("cgls") ? 20 : 100);
        if (iterations < 1) {
            throw new InputException("--iterations must be at least 1, not " + iterations);
        }
        int[] range = sliceRange(SLICES.text(spec, null), src.slices());
        double centre = centre(spec, src, p.isScan, range, context);
        ParallelBeamGeometry g = new ParallelBeamGeometry(src.anglesDegrees(), n, centre, n);
        Path out = Path.of(OUT.text(spec, null) == null ? fail("an output file (--out) is required")
                : OUT.text(spec, null));
        String tiffDir = TIFF_DIR.text(spec, null);
        ReconOutput.check(out);

        int total = range[1] - range[0];
        String request = spec.string("device", "auto");
        DeviceChoice device = Gpus.choose(request);
        GpuTomography gpu = null;
        if (device.isGpu()) {
            try {
                gpu = GpuTomography.open(device.device(), g, total, !algorithm.equals("fbp"));
            } catch (GpuException e) {
                if ("gpu".equalsIgnoreCase(request)) {
                    throw new InputException(e.getMessage(), e);
                }
                device = DeviceChoice.cpu("the GPU failed: " + e.getMessage());
            }
        }
        List<float[]> done = new ArrayList<>();
        try {
            reconstruct(spec, context, src, g, algorithm, filter, iterations, range, centre, threads, gpu, device,
                    done);
        } finally {
            if (gpu != null) {
                gpu.close();
            }
        }
        boolean cancelled = done.size() < total;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("algorithm", algorithm);
        meta.put("filter", filter.label());
        meta.put("iterations", algorithm.equals("fbp") ? 0 : iterations);
        meta.put("center", centre);
        meta.put("center_detector", src.toDetector(centre));
        // the old spellings of the two results, kept until Daybreak 0.2 (docs/ARCHITECTURE.md, naming)
        meta.put("centre", centre);
        meta.put("centre_detector", src.toDetector(centre));
        meta.put("first_slice", range[0]);
        meta.put("slices_requested", total);
        meta.put("slices_completed", done.size());
        meta.put("source", src.description());
        meta.put("device", device.kind());
        meta.put("device_name", device.label());
        boolean squeeze = p.squeeze && total == 1 && !cancelled;
        ReconOutput.write(out, done, n, squeeze, meta);
        if (tiffDir != null) {
            ReconOutput.writeTiffs(Path.of(tiffDir), done, n, range[0]);
        }
        Map<String, Object> result = new LinkedHashMap<>(meta);
        result.put("out", out.toString());
        result.put("cancelled", cancelled);
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        return result;
    }

    /**
     * Reconstructs the slices of {@code range} block by block into {@code done}: on the GPU a block is one slab
     * ({@link GpuTomography#slabSlices()}), on the CPU {@link Fbp#BLOCK} (FBP) or one slice per thread. Progress is
     * reported and cancellation checked between blocks; a block cut short by cancellation is dropped.
     */
    private static void reconstruct(JobSpec spec, JobContext context, SinogramSource src, ParallelBeamGeometry g,
            String algorithm, FbpFilter filter, int iterations, int[] range, double centre, int threads,
            GpuTomography gpu, DeviceChoice device, List<float[]> done) {
        int total = range[1] - range[0];
        int block = gpu != null ? gpu.slabSlices() : algorithm.equals("fbp") ? Fbp.BLOCK : Math.max(1, threads);
        // The first block is read before the first progress report, so that input problems found while reading
        // (e.g. flats not above the darks) end the job before anything was reported.
        float[][] next = preprocess(src.read(range[0], Math.min(range[1], range[0] + block)), src, spec);
        context.progress(0, "reconstructing " + total + " slice(s) of " + src.description() + ", centre "
                + String.format(Locale.ROOT, "%.3f", src.toDetector(centre)) + ", on " + device.label());
        for (int s = range[0]; s < range[1]; s += block) {
            if (context.isCancelled()) {
                break;
            }
            int e = Math.min(range[1], s + block);
            float[][] sinos = next != null ? next : preprocess(src.read(s, e), src, spec);
            next = null;
            float[][] rec;
            try {
                if (gpu != null) {
                    rec = switch (algorithm) {
                        case "fbp" -> Fbp.reconstruct(g, sinos, filter, threads, context, gpu);
                        case "sirt" -> gpu.sirt(sinos, iterations, context);
                        default -> gpu.cgls(sinos, iterations, context);
                    };
                } else {
                    rec = switch (algorithm) {
                        case "fbp" -> Fbp.reconstruct(g, sinos, filter, threads, context);
                        case "sirt" -> IterativeReconstructor.reconstruct(g, sinos,
                                IterativeReconstructor.Method.SIRT, iterations, threads, null, context);
                        default -> IterativeReconstructor.reconstruct(g, sinos, IterativeReconstructor.Method.CGLS,
                                iterations, threads, null, context);
                    };
                }
            } catch (JobCancelledException stopped) {
                break; // the block in progress is dropped; the slices of the blocks before it are written below
            }
            for (float[] r : rec) {
                done.add(r);
            }
            context.progress(done.size() / (double) total, "slice " + (range[0] + done.size()) + " of "
                    + range[1] + " (" + done.size() + "/" + total + " done)");
        }
    }

    private static <T> T fail(String message) {
        throw new InputException(message);
    }

    static FbpFilter parseFilter(String name) {
        try {
            return FbpFilter.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** An opened input; {@code close()} releases the scan file (no-op for in-memory sinograms). */
    record Prepared(SinogramSource source, boolean isScan, boolean squeeze, AutoCloseable resource)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }

    /** Opens the job's input as a sinogram source. */
    static Prepared prepare(JobSpec spec) throws Exception {
        Map<String, String> in = spec.inputs();
        if (in.containsKey("sinogram")) {
            Path sinoPath = Path.of(in.get("sinogram"));
            if (!java.nio.file.Files.isRegularFile(sinoPath)) {
                throw new InputException("sinogram file " + sinoPath + " does not exist");
            }
            if (!in.containsKey("angles")) {
                throw new InputException("a sinogram needs --angles (one angle in degrees per projection)");
            }
            for (String scanOnly : List.of(CROP.name(), BIN.name(), FLAT_MODE.name())) {
                if (spec.params().containsKey(scanOnly)) {
                    throw new InputException("option " + scanOnly + " applies to scans, not to --sinogram input");
                }
            }
            if (in.containsKey("darks") || in.containsKey("flats")) {
                throw new InputException("--darks and --flats apply to TIFF scans, not to --sinogram input");
            }
            NDArray sino;
            try {
                sino = Npy.read(sinoPath);
            } catch (java.io.IOException e) {
                throw new InputException("cannot read sinogram " + sinoPath + ": " + e.getMessage(), e);
            }
            double[] angles = AngleFiles.read(Path.of(in.get("angles")));
            return new Prepared(SinogramSource.of(sino, angles, sinoPath.toString()), false, sino.rank() == 2, null);
        }
        if (!in.containsKey("scan")) {
            throw new InputException("nothing to reconstruct: give a scan file/folder or --sinogram");
        }
        SinogramSource.FlatMode mode = switch (FLAT_MODE.text(spec, "interpolate").toLowerCase(Locale.ROOT)) {
            case "interpolate" -> SinogramSource.FlatMode.INTERPOLATE;
            case "average" -> SinogramSource.FlatMode.AVERAGE;
            default -> throw new InputException("unknown flat mode '" + FLAT_MODE.text(spec, "")
                    + "'; known: interpolate, average");
        };
        var scan = Scans.open(Path.of(in.get("scan")), path(in.get("angles")), path(in.get("darks")),
                path(in.get("flats")));
        int[] crop = CROP.text(spec, null) == null ? new int[] {0, scan.columns()}
                : sliceRange(CROP.text(spec, null), scan.columns());
        int bin = BIN.integer(spec, 1);
        try {
            return new Prepared(SinogramSource.ofScan(scan, mode, crop[0], crop[1], bin), true, false, scan);
        } catch (RuntimeException e) {
            scan.close();
            throw e;
        }
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    /** Zinger and ring removal as the spec asks, on sinograms [slice][angle * detector]. */
    static float[][] preprocess(float[][] sinos, SinogramSource src, JobSpec spec) {
        double zinger = ZINGER_THRESHOLD.number(spec, 0);
        String ring = RING_REMOVAL.text(spec, "none").toLowerCase(Locale.ROOT);
        int ringSize = RING_SIZE.integer(spec, 21);
        if (!List.of("none", "sorting", "sort", "vo").contains(ring)) {
            throw new InputException("unknown ring removal method '" + ring + "'; known: none, sorting");
        }
        for (int i = 0; i < sinos.length; i++) {
            if (zinger > 0) {
                Preprocessing.removeOutliers(sinos[i], src.angleCount(), src.detectors(), (float) zinger);
            }
            if (!ring.equals("none")) {
                sinos[i] = Preprocessing.removeStripesSorting(sinos[i], src.angleCount(), src.detectors(), ringSize);
            }
        }
        return sinos;
    }

    /** The centre of rotation the spec asks for, validated against the detector. */
    static double centre(JobSpec spec, SinogramSource src, boolean isScan, int[] range, JobContext context) {
        int n = src.detectors();
        String c = CENTER.text(spec, isScan ? "auto" : null);
        double centre;
        if (c == null) {
            centre = n / 2;
        } else if (c.equalsIgnoreCase("auto")) {
            int slice = CENTER_SLICE.integer(spec, (range[0] + range[1] - 1) / 2);
            if (slice < 0 || slice >= src.slices()) {
                throw new InputException("centre slice " + slice + " is outside 0.." + (src.slices() - 1));
            }
            float[][] s = preprocess(src.read(slice, slice + 1), src, spec);
            centre = CentreFinder.find(s[0], src.anglesDegrees(), n);
        } else {
            double given;
            try {
                given = Double.parseDouble(c);
            } catch (NumberFormatException e) {
                throw new InputException("centre '" + c + "' is neither 'auto' nor a number");
            }
            centre = src.fromDetector(given);
            if (!(centre >= 0 && centre <= n - 1)) {
                throw new InputException("centre of rotation " + c + " is outside the detector (0 to "
                        + fmt(src.toDetector(n - 1)) + ")");
            }
        }
        if (!(centre >= 0 && centre <= n - 1)) {
            throw new InputException("centre of rotation " + fmt(centre) + " is outside the detector (0 to "
                    + (n - 1) + ")");
        }
        return centre;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Python-style "A:B" (either may be empty or negative) resolved against {@code length}; InputException if empty. */
    static int[] sliceRange(String text, int length) {
        if (text == null) {
            return new int[] {0, length};
        }
        String[] parts = text.split(":", -1);
        int a;
        int b;
        try {
            if (parts.length == 1) {
                a = Integer.parseInt(parts[0].trim());
                if (a < 0) {
                    a += length;
                }
                b = a + 1;
            } else if (parts.length == 2) {
                a = parts[0].isBlank() ? 0 : Integer.parseInt(parts[0].trim());
                b = parts[1].isBlank() ? length : Integer.parseInt(parts[1].trim());
                if (a < 0) {
                    a += length;
                }
                if (b < 0) {
                    b += length;
                }
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InputException("range '" + text + "' is not of the form A:B");
        }
        a = Math.max(0, a);
        b = Math.min(length, b);
        if (a >= b) {
            throw new InputException("range '" + text + "' selects nothing of 0.." + (length - 1));
        }
        return new int[] {a, b};
    }
}

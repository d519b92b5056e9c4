package org.daybreak.tomo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobSpec;
import org.daybreak.tomo.io.ProjectionSource;
import org.daybreak.tomo.io.Scans;

/**
 * One opened scan as the Tomography view (or a script) works on it, without any widget: raw projections for the
 * viewer, the attenuation sinogram of a detector row, automatic and manual centre finding, one-slice
 * reconstruction and the {@code tomo.recon} job description for a volume, built on this bundle's classes.
 *
 * <p>Units: centres are in detector columns (bin i centred at i; the sinogram has no crop or binning here, so
 * detector columns and sinogram bins are the same). Sinograms are [angle][detector], slices [y][x] of size
 * detectors x detectors, as {@link ParallelBeamGeometry} defines them.
 *
 * <p>Threads: not thread-safe; the view calls it from one background thread at a time (the scan file may only be
 * read by one thread). {@link #close()} releases the file.
 */
public final class TomoSession implements AutoCloseable {
    /** The ring (stripe) removal window in detector bins, as {@code tomo recon --ring-size} defaults. */
    public static final int RING_SIZE = 21;
    /** At most this many floats are kept for the projection viewer (about 256 MB); larger scans are subsampled. */
    static final long PREVIEW_BUDGET = 64L << 20;

    /** Reconstruction settings chosen in the view. */
    public record Settings(double centre, FbpFilter filter, String algorithm, int iterations, boolean ringRemoval) {
        public Settings {
            algorithm = algorithm.toLowerCase(Locale.ROOT);
            if (!List.of("fbp", "sirt", "cgls").contains(algorithm)) {
                throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'; known: fbp, sirt, cgls");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
            }
        }
    }

    private final Path input;
    private final Path anglesFile;
    private final ProjectionSource scan;
    private final SinogramSource sinograms;
    private float[][] preview;
    private int previewStep;
    private int cachedRow = -1;
    private float[] cachedSinogram;

    private TomoSession(Path input, Path anglesFile, ProjectionSource scan) {
        this.input = input;
        this.anglesFile = anglesFile;
        this.scan = scan;
        try {
            this.sinograms = SinogramSource.ofScan(scan, SinogramSource.FlatMode.INTERPOLATE, 0, scan.columns(), 1);
        } catch (RuntimeException e) {
            scan.close();
            throw e;
        }
    }

    /**
     * Opens an NXtomo / DataExchange file, or a folder of TIFF projections with its angles file (and, for TIFF
     * folders, flats and darks found by {@link Scans#open}).
     *
     * @throws InputException with one sentence naming the file and the problem (no flats, angles not matching...)
     */
    public static TomoSession open(Path input, Path anglesFile) {
        if (Files.isDirectory(input) && anglesFile == null) {
            throw new InputException("the TIFF folder " + input + " needs an angles file (one angle in degrees per"
                    + " projection)");
        }
        return new TomoSession(input, anglesFile, Scans.open(input, anglesFile, null, null));
    }

    public Path input() {
        return input;
    }

    public String description() {
        return scan.description();
    }

    public int projections() {
        return scan.projectionCount();
    }

    public int rows() {
        return scan.rows();
    }

    public int columns() {
        return scan.columns();
    }

    public double[] anglesDegrees() {
        return scan.anglesDegrees();
    }

    /** Flat-field frames in all groups. */
    public int flatFrames() {
        int n = 0;
        for (ProjectionSource.FlatGroup g : scan.flatMeans(0, 1)) {
            n += g.frames();
        }
        return n;
    }

    public int flatGroups() {
        return scan.flatMeans(0, 1).size();
    }

    /** A one-paragraph summary: counts, angle range, flats/darks. */
    public String summary() {
        double[] a = scan.anglesDegrees();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return String.format(Locale.ROOT, "%s: %d projections of %d x %d (rows x columns), angles %.2f to %.2f deg;"
                + " %d flat frame(s) in %d group(s), darks present", scan.description(), projections(), rows(),
                columns(), lo, hi, flatFrames(), flatGroups());
    }

    /** Row subsampling of the projection viewer (1: every row and column). Valid after {@link #projection}. */
    public int previewStep() {
        return previewStep;
    }

    /**
     * Raw detector counts of projection {@code index} as [row][column] (rows and columns subsampled by
     * {@link #previewStep()} for scans too large to keep in memory). The first call reads the whole scan once.
     */
    public float[] projection(int index) {
        if (index < 0 || index >= projections()) {
            throw new IllegalArgumentException("projection " + index + " is outside 0.." + (projections() - 1));
        }
        if (preview == null) {
            readPreview();
        }
        return preview[index];
    }

    /** Preview frame size {rows, columns}. */
    public int[] previewShape() {
        return new int[] {(rows() + previewStep - 1) / previewStep, (columns() + previewStep - 1) / previewStep};
    }

    private void readPreview() {
        int n = projections();
        int step = 1;
        while ((long) n * ((rows() + step - 1) / step) * ((columns() + step - 1) / step) > PREVIEW_BUDGET) {
            step++;
        }
        int pr = (rows() + step - 1) / step;
        int pc = (columns() + step - 1) / step;
        float[][] out = new float[n][pr * pc];
        int block = (int) Math.max(step, Math.min(rows(), (32L << 20) / ((long) n * columns())) / step * step);
        block = Math.max(step, block);
        for (int r0 = 0; r0 < rows(); r0 += block) {
            int r1 = Math.min(rows(), r0 + block);
            float[][] frames = scan.projections(r0, r1);
            for (int p = 0; p < n; p++) {
                for (int r = r0; r < r1; r += step) {
                    int pr0 = r / step;
                    for (int c = 0, pc0 = 0; c < columns(); c += step, pc0++) {
                        out[p][pr0 * pc + pc0] = frames[p][(r - r0) * columns() + c];
                    }
                }
            }
        }
        previewStep = step;
        preview = out;
    }

    /**
     * The attenuation sinogram of detector row {@code row} ([angle][detector], after flat/dark correction and
     * -log; ring removal when asked).
     *
     * @throws InputException when the flats are unusable (e.g. all zero)
     */
    public float[] sinogram(int row, boolean ringRemoval) {
        if (row < 0 || row >= rows()) {
            throw new IllegalArgumentException("detector row " + row + " is outside 0.." + (rows() - 1));
        }
        if (row != cachedRow) {
            cachedSinogram = sinograms.read(row, row + 1)[0];
            cachedRow = row;
        }
        float[] s = cachedSinogram.clone();
        if (ringRemoval) {
            s = Preprocessing.removeStripesSorting(s, projections(), columns(), RING_SIZE);
        }
        return s;
    }

    /** The centre of rotation of one row by Vo et al.'s Fourier method ({@link CentreFinder}), in columns. */
    public double findCentre(int row, boolean ringRemoval) {
        try {
            return CentreFinder.find(sinogram(row, ringRemoval), anglesDegrees(), columns());
        } catch (IllegalArgumentException e) {
            throw new InputException(description() + ": " + e.getMessage(), e);
        }
    }

    /** Candidate centres from..to in steps of step, each checked to lie on the detector. */
    public double[] candidates(double from, double to, double step) {
        double[] c;
        try {
            c = CentreSearch.range(from, to, step);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        if (c.length > 64) {
            throw new InputException("the centre search " + from + " to " + to + " in steps of " + step + " has "
                    + c.length + " candidates; at most 64 fit the strip (use a larger step)");
        }
        for (double v : c) {
            checkCentre(v);
        }
        return c;
    }

    /** FBP of one row at each candidate centre, with the entropy metric of {@link CentreSearch}. */
    public CentreSearch.Result search(int row, double[] centres, FbpFilter filter, boolean ringRemoval, int threads) {
        ParallelBeamGeometry g = new ParallelBeamGeometry(anglesDegrees(), columns(), columns() / 2, columns());
        return CentreSearch.search(g, sinogram(row, ringRemoval), centres, filter, threads);
    }

    /** One slice [y][x] (detectors x detectors) of detector row {@code row}. */
    public float[] reconstruct(int row, Settings s, int threads) {
        checkCentre(s.centre());
        float[] sino = sinogram(row, s.ringRemoval());
        ParallelBeamGeometry g = new ParallelBeamGeometry(anglesDegrees(), columns(), s.centre(), columns());
        return switch (s.algorithm()) {
            case "fbp" -> Fbp.reconstruct(g, sino, s.filter(), threads);
            case "sirt" -> IterativeReconstructor.reconstruct(g, new float[][] {sino},
                    IterativeReconstructor.Method.SIRT, s.iterations(), threads, null)[0];
            default -> IterativeReconstructor.reconstruct(g, new float[][] {sino},
                    IterativeReconstructor.Method.CGLS, s.iterations(), threads, null)[0];
        };
    }

    /** @throws InputException when the centre is not on the detector */
    public void checkCentre(double centre) {
        if (!(centre >= 0 && centre <= columns() - 1)) {
            throw new InputException("centre of rotation " + centre + " is outside the detector (0 to "
                    + (columns() - 1) + ")");
        }
    }

    /**
     * The {@code tomo.recon} job for detector rows [first, last) into {@code out} (.h5/.nxs NeXus, or .npy), with
     * the parameter names of {@link ReconJob}.
     */
    public JobSpec volumeJob(Path out, int first, int last, Settings s) {
        if (first < 0 || last > rows() || first >= last) {
            throw new InputException("slice range " + first + " to " + last + " does not fit the detector rows 0 to "
                    + (rows() - 1) + " (the end is exclusive)");
        }
        checkCentre(s.centre());
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".h5") || name.endsWith(".nxs") || name.endsWith(".hdf5") || name.endsWith(".npy"))) {
            throw new InputException("output " + out + " must end in .h5, .nxs, .hdf5 or .npy");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("scan", input.toString());
        if (anglesFile != null) {
            inputs.put("angles", anglesFile.toString());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("out", out.toString());
        p.put("center", String.format(Locale.ROOT, "%.4f", s.centre()));
        p.put("algorithm", s.algorithm());
        p.put("filter", s.filter().label());
        if (!s.algorithm().equals("fbp")) {
            p.put("iterations", s.iterations());
        }
        p.put("slices", first + ":" + last);
        p.put("ring_removal", s.ringRemoval() ? "sorting" : "none");
        p.put("ring_size", RING_SIZE);
        return new JobSpec(ReconJob.KIND, p, inputs);
    }

    /** All filters by their job-parameter names. */
    public static List<String> filterNames() {
        List<String> l = new ArrayList<>();
        for (FbpFilter f : FbpFilter.values()) {
            l.add(f.label());
        }
        return l;
    }

    @Override
    public void close() {
        scan.close();
    }
}

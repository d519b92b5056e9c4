package org.daybreak.tomo;

/**
 * Parallel-beam geometry of one reconstructed slice, with the conventions of scikit-image's {@code radon} /
 * {@code iradon} (circle=True):
 * <ul>
 * <li>The slice is {@code size x size} pixels indexed [y][x] (row y, column x), unit pixel = one detector bin.
 * The rotation axis passes through pixel (r, r) with {@code r = size / 2} (integer division).</li>
 * <li>Pixel (y, x) projects at angle theta onto the detector coordinate
 * {@code d = centre + (x - r) cos(theta) - (y - r) sin(theta)}, in detector-index units (bin i has its centre
 * at d = i). The default centre is {@code detectors / 2} (integer division), as in scikit-image.</li>
 * <li>Only pixels with {@code (x - r)^2 + (y - r)^2 <= r^2} are reconstructed; the others are zero.</li>
 * <li>Detector values are zero outside the detector; between bins they are interpolated linearly.</li>
 * </ul>
 * Angles are given in degrees and may be in any order and range. Immutable and thread-safe.
 */
public final class ParallelBeamGeometry {
    /** Zero bins kept on each side of a detector row in padded buffers, so kernels need no bounds tests. */
    public static final int PAD = 2;

    private final double[] anglesDegrees;
    private final float[] cos;
    private final float[] sin;
    private final int detectors;
    private final double centre;
    private final int size;
    private final int radius;
    /** Half-width of the reconstruction circle for each row y: pixels r-h..r+h are inside. */
    private final int[] halfWidth;

    /**
     * @param anglesDegrees projection angles in degrees, one per sinogram row
     * @param detectors     detector bins per projection
     * @param centre        centre of rotation in detector-index units
     * @param size          output slice size in pixels (the slice is size x size)
     */
    public ParallelBeamGeometry(double[] anglesDegrees, int detectors, double centre, int size) {
        if (anglesDegrees.length == 0) {
            throw new IllegalArgumentException("a reconstruction needs at least one projection angle");
        }
        if (detectors < 2) {
            throw new IllegalArgumentException("a sinogram needs at least 2 detector bins, not " + detectors);
        }
        if (!Double.isFinite(centre) || centre < 0 || centre > detectors - 1) {
            throw new IllegalArgumentException("centre of rotation " + centre + " is outside the detector (0 to "
                    + (detectors - 1) + ")");
        }
        if (size < 1) {
            throw new IllegalArgumentException("output size must be positive, not " + size);
        }
        this.anglesDegrees = anglesDegrees.clone();
        this.detectors = detectors;
        this.centre = centre;
        this.size = size;
        this.radius = size / 2;
        cos = new float[anglesDegrees.length];
        sin = new float[anglesDegrees.length];
        for (int a = 0; a < anglesDegrees.length; a++) {
            if (!Double.isFinite(anglesDegrees[a])) {
                throw new IllegalArgumentException("projection angle " + a + " is not a finite number");
            }
            double t = Math.toRadians(anglesDegrees[a]);
            cos[a] = (float) Math.cos(t);
            sin[a] = (float) Math.sin(t);
        }
        halfWidth = new int[size];
        for (int y = 0; y < size; y++) {
            long dy = y - radius;
            long h2 = (long) radius * radius - dy * dy;
            halfWidth[y] = h2 < 0 ? -1 : (int) Math.floor(Math.sqrt((double) h2) + 1e-9);
        }
    }

    /** The geometry with scikit-image's defaults: output size = detector count, centre = detectors / 2. */
    public static ParallelBeamGeometry standard(double[] anglesDegrees, int detectors) {
        return new ParallelBeamGeometry(anglesDegrees, detectors, detectors / 2, detectors);
    }

    public ParallelBeamGeometry withCentre(double newCentre) {
        return new ParallelBeamGeometry(anglesDegrees, detectors, newCentre, size);
    }

    public int angleCount() {
        return cos.length;
    }

    public double[] anglesDegrees() {
        return anglesDegrees.clone();
    }

    public int detectors() {
        return detectors;
    }

    public double centre() {
        return centre;
    }

    public int size() {
        return size;
    }

    public int radius() {
        return radius;
    }

    public float cos(int angle) {
        return cos[angle];
    }

    public float sin(int angle) {
        return sin[angle];
    }

    /** Length of a padded detector row: {@link #PAD} zeros, the detectors, {@link #PAD} zeros. */
    public int paddedDetectors() {
        return detectors + 2 * PAD;
    }

    /**
     * The columns of row {@code y} that are inside the reconstruction circle and whose detector coordinate at
     * {@code angle} lies in [-1, detectors]: written into {@code range} as {first, last}; last &lt; first when
     * none. Kernels add {@link #PAD} to the detector coordinate and index the padded row with its floor.
     */
    public void columns(int angle, int y, int[] range) {
        int h = halfWidth[y];
        if (h < 0) {
            range[0] = 0;
            range[1] = -1;
            return;
        }
        int first = Math.max(0, radius - h);
        int last = Math.min(size - 1, radius + h);
        double c = cos[angle];
        double base = centre - (y - radius) * (double) sin[angle] - radius * c;
        // d(x) = base + x c must stay in [-1, detectors]
        if (Math.abs(c) < 1e-12) {
            if (base < -1 || base > detectors) {
                last = first - 1;
            }
        } else {
            double a = (-1 - base) / c;
            double b = (detectors - base) / c;
            double lo = Math.min(a, b);
            double hi = Math.max(a, b);
            first = Math.max(first, (int) Math.ceil(lo - 1e-6));
            last = Math.min(last, (int) Math.floor(hi + 1e-6));
        }
        range[0] = first;
        range[1] = last;
    }

    /**
     * Detector coordinate plus {@link #PAD} of pixel (y, 0) at {@code angle}, in float arithmetic as the kernels
     * use it; the coordinate of pixel (y, x) is this plus {@code x * cos(angle)}.
     */
    public float rowStart(int angle, int y) {
        return (float) (centre + PAD - (y - radius) * (double) sin[angle] - radius * (double) cos[angle]);
    }
}

package org.daybreak.tomo;

import java.util.Arrays;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.tomo.io.ProjectionSource;
import org.daybreak.tomo.io.ProjectionSource.FlatGroup;

/**
 * Sinograms ready for reconstruction (attenuation, i.e. after flat/dark correction and -log), read by slice range.
 * A sinogram is [angle][detector], float, C order. One reader at a time.
 */
public interface SinogramSource {

    String description();

    int slices();

    int angleCount();

    int detectors();

    /** Angle of each sinogram row, degrees. */
    double[] anglesDegrees();

    /** Sinograms of slices [from, to): [slice][angle * detectors]. */
    float[][] read(int from, int to);

    /**
     * A position in raw detector columns (before crop and binning) as a sinogram bin coordinate; the identity
     * for sources without crop or binning.
     */
    default double fromDetector(double column) {
        return column;
    }

    /** The inverse of {@link #fromDetector}. */
    default double toDetector(double bin) {
        return bin;
    }

    /** How flats are combined when a scan has flats both before and after its projections. */
    enum FlatMode {
        /** Per projection, linear interpolation between the groups by acquisition position. */
        INTERPOLATE,
        /** One mean of all flat frames. */
        AVERAGE
    }

    /**
     * Sinograms held in an array: [angle][detector] (one slice) or [slice][angle][detector], any numeric dtype,
     * used as attenuation values as they are.
     */
    static SinogramSource of(NDArray array, double[] anglesDegrees, String name) {
        int rank = array.rank();
        if (rank != 2 && rank != 3) {
            throw new InputException("sinogram " + name + " has shape " + Arrays.toString(array.shape())
                    + "; expected [angle][detector] or [slice][angle][detector]");
        }
        int slices = rank == 3 ? array.shape(0) : 1;
        int angles = array.shape(rank - 2);
        int detectors = array.shape(rank - 1);
        if (anglesDegrees.length != angles) {
            throw new InputException("sinogram " + name + " has " + angles + " projections (axis " + (rank - 2)
                    + ") but " + anglesDegrees.length + " angles were given");
        }
        if (array.dtype().numpyStr().contains("U") || array.dtype().numpyStr().contains("O")) {
            throw new InputException("sinogram " + name + " is not numeric (" + array.dtype() + ")");
        }
        float[] all = array.toFloatArray();
        int per = angles * detectors;
        return new SinogramSource() {
            @Override
            public String description() {
                return "sinogram " + name + " " + Arrays.toString(array.shape());
            }

            @Override
            public int slices() {
                return slices;
            }

            @Override
            public int angleCount() {
                return angles;
            }

            @Override
            public int detectors() {
                return detectors;
            }

            @Override
            public double[] anglesDegrees() {
                return anglesDegrees.clone();
            }

            @Override
            public float[][] read(int from, int to) {
                float[][] out = new float[to - from][];
                for (int s = from; s < to; s++) {
                    out[s - from] = Arrays.copyOfRange(all, s * per, (s + 1) * per);
                }
                return out;
            }
        };
    }

    /**
     * Sinograms from a scan's raw frames: flat/dark correction ({@code (p - dark) / (flat - dark)}, flats per
     * {@code mode}), -log with clipping ({@link Preprocessing#flatFieldLog}), optional detector crop
     * [cropStart, cropStop) and binning by {@code bin} (columns and rows averaged after the logarithm).
     *
     * @throws InputException when the flats are not above the darks anywhere in the rows read (e.g. all zero)
     */
    static SinogramSource ofScan(ProjectionSource scan, FlatMode mode, int cropStart, int cropStop, int bin) {
        int cols = scan.columns();
        if (cropStart < 0 || cropStop > cols || cropStop - cropStart < 2) {
            throw new InputException("detector crop " + cropStart + ":" + cropStop + " does not fit the " + cols
                    + " detector columns of " + scan.description());
        }
        if (bin < 1 || (cropStop - cropStart) / bin < 2 || scan.rows() / bin < 1) {
            throw new InputException("binning by " + bin + " leaves too few rows or columns of " + scan.description());
        }
        int detectors = (cropStop - cropStart) / bin;
        int slices = scan.rows() / bin;
        int projections = scan.projectionCount();
        double[] angles = scan.anglesDegrees();
        if (angles.length != projections) {
            throw new InputException(scan.description() + " has " + projections + " projections but "
                    + angles.length + " angles");
        }
        return new SinogramSource() {
            @Override
            public String description() {
                return scan.description();
            }

            @Override
            public int slices() {
                return slices;
            }

            @Override
            public int angleCount() {
                return projections;
            }

            @Override
            public int detectors() {
                return detectors;
            }

            @Override
            public double[] anglesDegrees() {
                return angles.clone();
            }

            @Override
            public double fromDetector(double column) {
                return (column - cropStart - (bin - 1) / 2.0) / bin;
            }

            @Override
            public double toDetector(double b) {
                return b * bin + cropStart + (bin - 1) / 2.0;
            }

            @Override
            public float[][] read(int from, int to) {
                int r0 = from * bin;
                int r1 = to * bin;
                float[] dark = scan.darkMean(r0, r1);
                List<FlatGroup> groups = scan.flatMeans(r0, r1);
                if (groups.isEmpty()) {
                    throw new InputException(scan.description() + " has no flat-field frames");
                }
                float[] average = averageFlat(groups);
                boolean usable = false;
                for (int i = 0; i < dark.length && !usable; i++) {
                    usable = average[i] - dark[i] > 0;
                }
                if (!usable) {
                    throw new InputException("the flat fields of " + scan.description() + " are not above the dark"
                            + " fields anywhere in detector rows " + r0 + ".." + (r1 - 1) + " (all-zero flats?)");
                }
                float[][] frames = scan.projections(r0, r1);
                boolean interpolate = mode == FlatMode.INTERPOLATE && groups.size() >= 2;
                FlatGroup g0 = groups.get(0);
                FlatGroup g1 = groups.get(groups.size() - 1);
                float[] flat = interpolate ? new float[average.length] : average;
                for (int p = 0; p < projections; p++) {
                    if (interpolate) {
                        double w = (p - g0.position()) / (g1.position() - g0.position());
                        float wf = (float) Math.max(0, Math.min(1, w));
                        for (int i = 0; i < flat.length; i++) {
                            flat[i] = (1 - wf) * g0.mean()[i] + wf * g1.mean()[i];
                        }
                    }
                    Preprocessing.flatFieldLog(frames[p], 0, frames[p].length, dark, flat, 0);
                }
                float[][] out = new float[to - from][projections * detectors];
                for (int s = 0; s < to - from; s++) {
                    float[] sino = out[s];
                    for (int p = 0; p < projections; p++) {
                        float[] f = frames[p];
                        for (int j = 0; j < detectors; j++) {
                            float sum = 0;
                            for (int rb = 0; rb < bin; rb++) {
                                int row = s * bin + rb;
                                int base = row * cols + cropStart + j * bin;
                                for (int cb = 0; cb < bin; cb++) {
                                    sum += f[base + cb];
                                }
                            }
                            sino[p * detectors + j] = sum / (bin * bin);
                        }
                    }
                }
                return out;
            }
        };
    }

    private static float[] averageFlat(List<FlatGroup> groups) {
        float[] avg = new float[groups.get(0).mean().length];
        double total = 0;
        for (FlatGroup g : groups) {
            total += g.frames();
        }
        for (FlatGroup g : groups) {
            float w = (float) (g.frames() / total);
            for (int i = 0; i < avg.length; i++) {
                avg[i] += w * g.mean()[i];
            }
        }
        return avg;
    }
}

package org.daybreak.tomo.io;

import java.util.List;

/**
 * A tomography scan as raw frames: projections, flat fields (open beam) and dark fields, read lazily by detector
 * row range so that the whole scan never has to be in memory.
 *
 * <p>Frames are [row][column] of the detector; row r of every projection forms sinogram (slice) r. Values are raw
 * detector counts as float. Thread rules: implementations may be read from one thread at a time.
 */
public interface ProjectionSource extends AutoCloseable {

    /** What was opened, for messages ("NXtomo /entry/imaging/data in k11-18014.nxs"). */
    String description();

    /** Detector rows (= slices). */
    int rows();

    /** Detector columns (= detector bins of a sinogram). */
    int columns();

    int projectionCount();

    /** Rotation angle of each projection in degrees, in acquisition order. */
    double[] anglesDegrees();

    /** Projections' rows [r0, r1): [projection][(r1 - r0) * columns]. */
    float[][] projections(int r0, int r1);

    /** Mean dark frame over rows [r0, r1): [(r1 - r0) * columns]. */
    float[] darkMean(int r0, int r1);

    /**
     * Mean flat frames over rows [r0, r1), one per group of flats taken together (e.g. before and after the
     * projections), in acquisition order. Each group's {@code position} is where it was taken in projection-index
     * units (-0.5 before the first projection, count - 0.5 after the last).
     */
    List<FlatGroup> flatMeans(int r0, int r1);

    /** Flat fields averaged over one group of frames. */
    record FlatGroup(double position, float[] mean, int frames) {
    }

    @Override
    default void close() {
    }
}

package org.daybreak.tomo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one-slice back-projection of {@link Backprojector} with the JDK's Vector API: {@code L} neighbouring pixels of
 * a row (L = lanes of the widest float vector, 16 with AVX-512, 8 with AVX2) are updated at once, for
 * {@link #ANGLES} angles per pass over the row (each pixel vector loaded and stored once per pass).
 *
 * <p>No gather: along a row the detector coordinate {@code d = start + x cos} moves by {@code |cos| <= 1} per pixel,
 * so the L pixels of a vector read detector bins {@code base .. base + L} of one padded sinogram row, where
 * {@code base} is the smallest of their floors. Two contiguous loads ({@code row[base ..]} and
 * {@code row[base + 1 ..]}) and in-register permutations by {@code floor(d) - base} ({@code selectFrom}) give
 * each lane its two neighbours. Measured on the project machine (AVX-512, one core, thread CPU time, 2048^2 from
 * 360 angles): 5.0 G updates/s against 0.6 for the scalar loop (docs/tomography.md); a gather through an index
 * array ran at the scalar speed. Near 0 and 180 degrees, where rounding can make a vector span more than L bins,
 * and where a load would run past the array's end, each vector is checked ({@link #pass}) and done lane by lane
 * when needed; elsewhere {@link #fastPass} needs no check.
 *
 * <p>Arithmetic: {@code d = fma(x, cos, start)} and {@code v = fma(w, u1 - u0, u0)} with {@code w = d - floor(d)}:
 * per update this differs from the scalar form ({@code start + x * cos} and {@code u0 + w * (u1 - u0)}) by a
 * rounding or two, i.e. relative differences around 1e-6 of the largest detector value per angle summed.
 *
 * <p>Loaded only after {@link org.daybreak.core.simd.Simd#enabled()} said yes.
 */
final class VectorBackprojection {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final FloatVector IOTA = FloatVector.fromArray(F, iotaArray(), 0);

    private VectorBackprojection() {
    }

    /** Lanes per vector in this JVM. */
    static int lanes() {
        return L;
    }

    /** Angles per pass over a row: each pixel vector is loaded and stored once per this many angles. */
    static final int ANGLES = 8;

    /**
     * Pixels per segment of a row: a pass works through the rows of its chunk one segment at a time, so that the
     * detector bins its angles read (about SEGMENT + rows of the chunk per angle, for {@link #ANGLES} angles) stay
     * in the L1 cache instead of whole sinogram rows (8 KiB each for 2048 detectors).
     */
    static final int SEGMENT = 256;

    /** Rows y0..y1-1 of one slice: as {@code Backprojector.rowsSingle}. */
    static void rows(ParallelBeamGeometry g, float[] sino, float[] image, int y0, int y1) {
        int size = g.size();
        int pd = g.paddedDetectors();
        int angles = g.angleCount();
        int rows = y1 - y0;
        int[] range = new int[2];
        // per row of the chunk: the columns every angle of the pass reaches (lo..hi), and per angle its own range
        int[] lo = new int[rows];
        int[] hi = new int[rows];
        int[][] first = new int[ANGLES][rows];
        int[][] last = new int[ANGLES][rows];
        float[][] starts = new float[ANGLES][rows];
        float[] st = new float[ANGLES];
        float[] cs = new float[ANGLES];
        int[] off = new int[ANGLES];
        float[] lane = new float[L];
        int[] minLane = new int[ANGLES];
        float fastCos = fastCosLimit(pd);
        for (int a = 0; a < angles; a += ANGLES) {
            int count = Math.min(ANGLES, angles - a);
            boolean allFast = true;
            for (int k = 0; k < count; k++) {
                cs[k] = g.cos(a + k);
                off[k] = (a + k) * pd;
                minLane[k] = cs[k] >= 0 ? 0 : L - 1;
                allFast &= Math.abs(cs[k]) <= fastCos && off[k] + pd + L + 1 <= sino.length;
            }
            int segments = 0;
            for (int y = y0; y < y1; y++) {
                int l = Integer.MIN_VALUE;
                int h = Integer.MAX_VALUE;
                for (int k = 0; k < count; k++) {
                    g.columns(a + k, y, range);
                    first[k][y - y0] = range[0];
                    last[k][y - y0] = range[1];
                    starts[k][y - y0] = g.rowStart(a + k, y);
                    l = Math.max(l, range[0]);
                    h = Math.min(h, range[1]);
                }
                lo[y - y0] = l;
                hi[y - y0] = h;
                if (l <= h) {
                    segments = Math.max(segments, (h - l + SEGMENT) / SEGMENT);
                }
            }
            // the columns all angles reach, in whole vectors, segment by segment across the rows
            for (int seg = 0; seg < segments; seg++) {
                for (int y = y0; y < y1; y++) {
                    int l = lo[y - y0] + seg * SEGMENT;
                    int h = Math.min(hi[y - y0], l + SEGMENT - 1);
                    if (l > h) {
                        continue;
                    }
                    for (int k = 0; k < count; k++) {
                        st[k] = starts[k][y - y0];
                    }
                    int x = allFast ? fastPass(sino, off, cs, st, minLane, count, image, y * size, l, h)
                            : pass(sino, off, cs, st, count, image, y * size, l, h, lane);
                    if (x <= h) {
                        // the last segment's pixels short of a whole vector
                        for (int k = 0; k < count; k++) {
                            scalar(sino, off[k], st[k], cs[k], image, y * size, x, h);
                        }
                    }
                }
            }
            // the columns that not every angle of the pass reaches, angle by angle
            for (int y = y0; y < y1; y++) {
                int l = lo[y - y0];
                int h = hi[y - y0];
                for (int k = 0; k < count; k++) {
                    int f = first[k][y - y0];
                    int e = last[k][y - y0];
                    float s0 = starts[k][y - y0];
                    if (l > h) {
                        scalar(sino, off[k], s0, cs[k], image, y * size, f, e);
                    } else {
                        scalar(sino, off[k], s0, cs[k], image, y * size, f, Math.min(e, l - 1));
                        scalar(sino, off[k], s0, cs[k], image, y * size, Math.max(f, h + 1), e);
                    }
                }
            }
        }
    }

    /**
     * The largest |cos| for which {@link #fastPass} needs no check: the L lanes of a vector then read at most L
     * neighbouring bins whatever the rounding. Their exact coordinates differ by (L - 1)|cos|; each rounded one is
     * within half an ulp of its exact value, and coordinates stay below {@code paddedDetectors + 2}, so the floors
     * differ by at most L - 1 while (L - 1)|cos| + ulp(paddedDetectors + 2) &lt;= L - 1 (taken with a factor two of
     * margin). For 2048 detectors this excludes the angles within about 0.5 degrees of 0 and 180.
     */
    static float fastCosLimit(int paddedDetectors) {
        return 1f - 2f * Math.ulp((float) paddedDetectors + 2f) / (L - 1);
    }

    /**
     * As {@link #pass} when every angle of the pass has |cos| &lt;= {@link #fastCosLimit} and its row leaves room
     * for the loads (L + 1 values past the row's end): the smallest bin is the floor at the vector's first pixel
     * ({@code cos >= 0}) or its last ({@code minLane}), computed as the lanes compute it, and needs no check.
     */
    private static int fastPass(float[] sino, int[] off, float[] cs, float[] st, int[] minLane, int count,
            float[] image, int p, int lo, int hi) {
        int x = lo;
        for (; x + L - 1 <= hi; x += L) {
            FloatVector xv = IOTA.add((float) x);
            FloatVector v = FloatVector.fromArray(F, image, p + x);
            for (int k = 0; k < count; k++) {
                int b = (int) Math.fma((float) (x + minLane[k]), cs[k], st[k]);
                v = v.add(values(sino, off[k] + b, b, xv, FloatVector.broadcast(F, cs[k]),
                        FloatVector.broadcast(F, st[k])));
            }
            v.intoArray(image, p + x);
        }
        return x;
    }

    /**
     * The angles of one pass over pixels lo..hi of the image row at {@code p}, in whole vectors; returns the first
     * pixel not done. The angles are a loop, not written out: with four copies of {@link #values} the JIT's
     * compiler reached its node limit before inlining the last one, and the vectors passed to that call were
     * allocated as objects on every pixel vector (measured: 3.6 GB allocated per 2048^2 x 360 back-projection, at a
     * third of the speed).
     */
    private static int pass(float[] sino, int[] off, float[] cs, float[] st, int count, float[] image, int p,
            int lo, int hi, float[] lane) {
        int length = sino.length;
        int x = lo;
        for (; x + L - 1 <= hi; x += L) {
            FloatVector xv = IOTA.add((float) x);
            FloatVector v = FloatVector.fromArray(F, image, p + x);
            for (int k = 0; k < count; k++) {
                int b = base(x, cs[k], st[k], off[k], length);
                if (b >= 0) {
                    v = v.add(values(sino, off[k] + b, b, xv, FloatVector.broadcast(F, cs[k]),
                            FloatVector.broadcast(F, st[k])));
                } else {
                    // rounding made the vector span more than L bins, or a load would pass the array's end
                    java.util.Arrays.fill(lane, 0f);
                    scalar(sino, off[k], st[k], cs[k], lane, -x, x, x + L - 1);
                    v = v.add(FloatVector.fromArray(F, lane, 0));
                }
            }
            v.intoArray(image, p + x);
        }
        return x;
    }

    /**
     * The smallest detector bin that pixels x..x+L-1 of one angle read, or -1 when the permutation cannot serve
     * them (span over L bins, or a load from {@code rowOff + base + 1} of L values past the array's end of
     * {@code length}). Computed as the vector lanes compute it ({@code fma}), so the lanes agree with it.
     */
    private static int base(int x, float c, float start, int rowOff, int length) {
        int iFirst = (int) Math.fma((float) x, c, start);
        int iLast = (int) Math.fma((float) (x + L - 1), c, start);
        int base = Math.min(iFirst, iLast);
        if (Math.abs(iLast - iFirst) >= L || rowOff + base + 1 + L > length) {
            return -1;
        }
        return base;
    }

    /** One angle's interpolated values for the pixels at {@code xv}; {@code from} = row offset + base. */
    private static FloatVector values(float[] sino, int from, int base, FloatVector xv, FloatVector c,
            FloatVector s) {
        FloatVector d = xv.fma(c, s);
        IntVector id = (IntVector) d.convert(VectorOperators.F2I, 0);
        FloatVector w = d.sub((FloatVector) id.convert(VectorOperators.I2F, 0));
        IntVector lanes = id.sub(base);
        FloatVector u0 = lanes.selectFrom(FloatVector.fromArray(F, sino, from).reinterpretAsInts())
                .reinterpretAsFloats();
        FloatVector u1 = lanes.selectFrom(FloatVector.fromArray(F, sino, from + 1).reinterpretAsInts())
                .reinterpretAsFloats();
        return w.fma(u1.sub(u0), u0);
    }

    /** Pixels x0..x1 of one angle, in the vector form's arithmetic, lane by lane. */
    private static void scalar(float[] sino, int rowOff, float start, float c, float[] image, int p, int x0, int x1) {
        for (int x = x0; x <= x1; x++) {
            float d = Math.fma((float) x, c, start);
            int i = (int) d;
            float w = d - i;
            float u0 = sino[rowOff + i];
            image[p + x] += Math.fma(w, sino[rowOff + i + 1] - u0, u0);
        }
    }

    private static float[] iotaArray() {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) {
            f[i] = i;
        }
        return f;
    }

    static {
        if (I.length() != L) {
            throw new IllegalStateException("int and float vectors of different lane counts: " + I + ", " + F);
        }
    }
}

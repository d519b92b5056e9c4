package org.daybreak.corr.baseband;

import java.util.Arrays;

import org.daybreak.core.simd.Simd;

/**
 * Decoding of packed 1-, 2-, 4- and 8-bit samples into planar float32: one array per stream, what the correlator's
 * F-engine reads ({@link BasebandReader#readPlanar}).
 *
 * <p><b>Bit order.</b> Element e of a run of packed data (time-major, then channel, then I/Q for complex data, as
 * VDIF and Mark 5B store them) is bits [shift + e bits, shift + (e+1) bits) counted from the least significant bit of
 * the first byte; its value is {@code values[code]}.
 *
 * <p><b>Planar layout.</b> Channel c of a run goes to its own array {@code out[first + c]}: real data one float per
 * time sample at {@code offset + t}, complex data (I, Q) at {@code 2 (offset + t)} and {@code 2 (offset + t) + 1}.
 * With one channel the elements are therefore written in order, densely ({@link #dense}): four floats per byte for
 * 2-bit data.
 *
 * <p><b>Kernels.</b> {@link #dense} runs the body of a run through {@link VectorUnpack} (the JDK's Vector API: a
 * 64-bit word broadcast, shifted lane by lane, masked and looked up in a register table) when {@link Simd#enabled()}
 * and the lanes can hold the code table (2^bits at most the lane count), else through a byte -> values table (8 /
 * bits floats per byte). Every path writes exactly what the plain reference decoder ({@code
 * VdifReader.decodeGeneric}) writes, bit for bit (the values are copied, never computed); {@code UnpackTest} checks
 * it. Immutable and thread-safe.
 */
public final class Unpack {
    final int bits;
    /** Code -> value, 2^bits entries. */
    final float[] values;
    /** Byte -> the values of its 8 / bits elements ({@link VdifReader#byteTable}). */
    final float[] byteTable;
    /** The vector kernel's tables, null when it does not apply (no Vector API, 8-bit data, too few lanes). */
    final VectorUnpack.Tables vector;

    /** False: the vector kernel runs only once {@link VectorUnpack#warm()}; true: always (tests). */
    private final boolean always;

    /**
     * An unpacker of {@code bits}-bit codes to {@code values} (2^bits entries), vectorised when possible. The
     * vector kernel takes over from the scalar one once the JIT has compiled it ({@link VectorUnpack#startWarmUp}):
     * interpreted, the Vector API is far slower than the scalar table. Both give the same bits.
     */
    public Unpack(int bits, float[] values) {
        this(bits, values, Simd.enabled(), false);
    }

    /** {@code simd} false: the scalar form only; true: the vector form whenever it applies, warm or not (tests). */
    Unpack(int bits, float[] values, boolean simd) {
        this(bits, values, simd, true);
    }

    private Unpack(int bits, float[] values, boolean simd, boolean always) {
        if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
            throw new IllegalArgumentException(bits + " bits per sample (1, 2, 4 or 8)");
        }
        if (values.length != 1 << bits) {
            throw new IllegalArgumentException(values.length + " values for " + bits + "-bit codes");
        }
        this.bits = bits;
        this.values = values.clone();
        this.byteTable = VdifReader.byteTable(bits, values);
        this.vector = simd ? VectorUnpack.tables(bits, values) : null;
        this.always = always;
        if (vector != null && !always) {
            VectorUnpack.startWarmUp();
        }
    }

    /** Which kernel {@link #dense} runs, e.g. "vector (16 lanes) ..." or "scalar (byte table)". */
    public String kernel() {
        if (vector == null) {
            return "scalar (byte table)";
        }
        return "vector (" + vector.lanes() + " lanes" + (always ? ")" : "; the scalar byte table until the JIT has"
                + " compiled it" + (VectorUnpack.warm() ? ", done)" : ")"));
    }

    /**
     * Elements [0, count) of the run starting {@code shift} bits (a multiple of bits, below 8) into in[inOffset] ->
     * out[outOffset + e].
     */
    public void dense(byte[] in, int inOffset, int shift, int count, float[] out, int outOffset) {
        int epb = 8 / bits;
        int e = 0;
        int p = inOffset;
        if (shift != 0) {
            int k = (in[p++] & 0xff) * epb;
            for (int j = shift / bits; j < epb && e < count; j++, e++) {
                out[outOffset + e] = byteTable[k + j];
            }
        }
        if (vector != null && count - e >= 64 && (always || VectorUnpack.warm())) {
            int done = VectorUnpack.dense(vector, in, p, count - e, out, outOffset + e);
            e += done;
            p += done / epb;
        }
        int bytes = (count - e) / epb;
        int o = outOffset + e;
        if (bits == 2) {
            for (int i = 0; i < bytes; i++) {
                int k = (in[p + i] & 0xff) << 2;
                out[o] = byteTable[k];
                out[o + 1] = byteTable[k + 1];
                out[o + 2] = byteTable[k + 2];
                out[o + 3] = byteTable[k + 3];
                o += 4;
            }
        } else if (bits == 8) {
            for (int i = 0; i < bytes; i++) {
                out[o + i] = byteTable[in[p + i] & 0xff];
            }
        } else {
            for (int i = 0; i < bytes; i++) {
                System.arraycopy(byteTable, (in[p + i] & 0xff) * epb, out, o, epb);
                o += epb;
            }
        }
        e += bytes * epb;
        p += bytes;
        if (e < count) {
            int k = (in[p] & 0xff) * epb;
            for (int j = 0; e < count; j++, e++) {
                out[outOffset + e] = byteTable[k + j];
            }
        }
    }

    /**
     * {@code n} time samples of {@code channels} channels (complex: I, Q each) starting {@code shift} bits into
     * in[inOffset] -> channel c's array {@code out[first + c]} at sample {@code offset} (planar layout above). One
     * channel: {@link #dense}; several: a byte table, element by element.
     */
    public void planar(byte[] in, int inOffset, int shift, int n, int channels, boolean complex, float[][] out,
            int first, int offset) {
        int comps = complex ? 2 : 1;
        if (channels == 1) {
            dense(in, inOffset, shift, n * comps, out[first], offset * comps);
            return;
        }
        int per = channels * comps;
        int total = n * per;
        if (total == 0) {
            return;
        }
        int epb = 8 / bits;
        // element e -> array first + (e % per) / comps, index (offset + e / per) * comps + e % comps
        int r = 0; // e % per
        int t = offset * comps; // index of the current time sample in each channel's array
        int p = inOffset;
        int j = shift / bits;
        int k = (in[p] & 0xff) * epb;
        for (int e = 0; e < total; e++) {
            // comps is 1 or 2: r / comps and r % comps as a shift and a mask
            out[first + (r >> (comps - 1))][t + (r & (comps - 1))] = byteTable[k + j];
            if (++r == per) {
                r = 0;
                t += comps;
            }
            if (++j == epb) {
                j = 0;
                p++;
                if (e + 1 < total) {
                    k = (in[p] & 0xff) * epb;
                }
            }
        }
    }

    /** Zeros samples [offset, offset + n) of arrays first .. first + count - 1 (planar layout). */
    static void zero(float[][] out, int first, int count, int offset, int n, boolean complex) {
        int comps = complex ? 2 : 1;
        for (int u = first; u < first + count; u++) {
            Arrays.fill(out[u], offset * comps, (offset + n) * comps, 0f);
        }
    }
}

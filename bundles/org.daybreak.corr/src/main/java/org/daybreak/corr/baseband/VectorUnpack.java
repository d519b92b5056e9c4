package org.daybreak.corr.baseband;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised body of {@link Unpack#dense}, with the JDK's Vector API.
 *
 * <p><b>Kernel.</b> The packed data are read as little-endian 64-bit words (the least significant bit of byte 0 is
 * bit 0 of the word, so element e of the word is bits [e b, (e+1) b)). A vector of L int lanes takes L consecutive
 * elements: the 32-bit half of the word that holds them is broadcast to every lane (for 4-bit data on 16 lanes the
 * low half to lanes 0-7 and the high half to lanes 8-15), each lane shifts right by its element's bit position,
 * masks with 2^b - 1, and the code selects the float bits of its value from a register holding the 2^b values
 * (repeated over the lanes). 2-bit data on AVX-512: one 32-bit half -> 16 floats in about five instructions, no
 * table in memory, no gather. The values are copied bit for bit, so the result equals the scalar table decode.
 *
 * <p><b>Applies</b> when 2^b &lt;= L (the codes index one register) and L b &lt;= 64 (a vector's elements lie in one
 * word): 1-, 2- and 4-bit data on 16 lanes, 1- and 2-bit data on 8 lanes. Loaded only after
 * {@link org.daybreak.core.simd.Simd#enabled()} said yes. Stateless, thread-safe.
 */
final class VectorUnpack {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = I.length();
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /**
     * Per (bits, values): {@code table} the float bits of values[lane mod 2^b], {@code shifts} each lane's bit
     * position in its 32-bit half, {@code high} 1 for lanes taking the word's high half.
     */
    record Tables(int bits, int[] table, int[] shifts, boolean[] high) {
        int lanes() {
            return table.length;
        }
    }

    private VectorUnpack() {
    }

    /** Set once the JIT has compiled {@link #dense} (see {@link #startWarmUp}). */
    private static volatile boolean warm;
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    /** True once the kernel runs compiled; until then {@link Unpack} takes its scalar form (same bits). */
    static boolean warm() {
        return warm;
    }

    /**
     * Starts (once per JVM) a daemon thread that runs the kernel (1-, 2- and 4-bit branches in turn, as they apply)
     * and the scalar byte table on a small random block until the kernel is twice as fast (compiled by C2), or for
     * three seconds at most, then sets {@link #warm()}. Interpreted or from the first JIT tier, the Vector API allocates an object
     * per operation and is many times slower than the scalar form, so the callers decode with the scalar form
     * until then; the warm-up competes with them only for that time.
     */
    static void startWarmUp() {
        if (warm || !WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            byte[] in = new byte[512];
            new java.util.Random(1).nextBytes(in);
            float[] out = new float[in.length * 8];
            java.util.List<Tables> kinds = new java.util.ArrayList<>();
            for (int bits : new int[] {2, 1, 4}) {
                Tables k = tables(bits, VdifReader.codeValues(bits));
                if (k != null) {
                    kinds.add(k);
                }
            }
            Unpack scalar = new Unpack(2, VdifReader.codeValues(2), false);
            long deadline = System.nanoTime() + 3_000_000_000L;
            long bestScalar = Long.MAX_VALUE;
            int rounds = 0;
            while (System.nanoTime() < deadline && !kinds.isEmpty()) {
                for (Tables k : kinds) {
                    if (k.bits() != 2) {
                        dense(k, in, 0, in.length * 8 / k.bits(), out, 0);
                    }
                }
                long t0 = System.nanoTime();
                scalar.dense(in, 0, 0, in.length * 8 / kinds.get(0).bits(), out, 0);
                long t1 = System.nanoTime();
                dense(kinds.get(0), in, 0, in.length * 8 / kinds.get(0).bits(), out, 0);
                long t2 = System.nanoTime();
                bestScalar = Math.min(bestScalar, t1 - t0);
                if (++rounds > 50 && 2 * (t2 - t1) < bestScalar) {
                    break;
                }
            }
            warm = true;
        }, "daybreak-unpack-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The tables for {@code bits}-bit codes, null when the kernel does not apply on this machine's lanes. */
    static Tables tables(int bits, float[] values) {
        if ((1 << bits) > L || L * bits > 64) {
            return null;
        }
        int[] table = new int[L];
        int[] shifts = new int[L];
        boolean[] high = new boolean[L];
        for (int l = 0; l < L; l++) {
            table[l] = Float.floatToRawIntBits(values[l & ((1 << bits) - 1)]);
            shifts[l] = (l * bits) & 31;
            high[l] = l * bits >= 32;
        }
        return new Tables(bits, table, shifts, high);
    }

    /**
     * Decodes whole 64-bit words of {@code in} from byte {@code p} (byte-aligned start), at most {@code count}
     * elements, into out[o ...]; returns the elements written (a multiple of 64 / bits).
     */
    static int dense(Tables t, byte[] in, int p, int count, float[] out, int o) {
        int bits = t.bits();
        int perWord = 64 / bits;
        int words = count / perWord;
        IntVector table = IntVector.fromArray(I, t.table(), 0);
        IntVector shifts = IntVector.fromArray(I, t.shifts(), 0);
        int mask = (1 << bits) - 1;
        int span = L * bits; // bits of the word per vector
        if (span == 64) {
            VectorMask<Integer> high = VectorMask.fromArray(I, t.high(), 0);
            for (int w = 0; w < words; w++) {
                long word = (long) LONG.get(in, p + 8 * w);
                IntVector.broadcast(I, (int) word).blend((int) (word >>> 32), high)
                        .lanewise(VectorOperators.LSHR, shifts).and(mask).selectFrom(table)
                        .reinterpretAsFloats().intoArray(out, o + w * perWord);
            }
        } else if (span == 32) {
            for (int w = 0; w < words; w++) {
                long word = (long) LONG.get(in, p + 8 * w);
                int q = o + w * perWord;
                IntVector.broadcast(I, (int) word).lanewise(VectorOperators.LSHR, shifts).and(mask)
                        .selectFrom(table).reinterpretAsFloats().intoArray(out, q);
                IntVector.broadcast(I, (int) (word >>> 32)).lanewise(VectorOperators.LSHR, shifts).and(mask)
                        .selectFrom(table).reinterpretAsFloats().intoArray(out, q + L);
            }
        } else {
            int vectors = 64 / span;
            for (int w = 0; w < words; w++) {
                long word = (long) LONG.get(in, p + 8 * w);
                int q = o + w * perWord;
                for (int v = 0; v < vectors; v++) {
                    IntVector.broadcast(I, (int) (word >>> (v * span))).lanewise(VectorOperators.LSHR, shifts)
                            .and(mask).selectFrom(table).reinterpretAsFloats().intoArray(out, q + v * L);
                }
            }
        }
        return words * perWord;
    }
}

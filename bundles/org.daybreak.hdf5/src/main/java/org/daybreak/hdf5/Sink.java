package org.daybreak.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.daybreak.core.data.Half;

import io.jhdf.object.datatype.StringData;

/**
 * Typed output array and the copy from decoded chunk bytes (file byte order) into it.
 *
 * <p>One sink serves one read: {@link #of} allocates the array of {@code n} elements (Java's element type for the
 * {@link TypeInfo}: numbers as {@link TypeInfo#dtype}, fixed-length and variable-length strings as text, opaque
 * data as hex text); {@link #bind} gives a copier for one decoded chunk. Thread rule: copiers of different chunks
 * may run at once when they write disjoint elements of the array (the chunk engine's tasks do).
 */
abstract class Sink {
    final Object array;

    Sink(Object array) {
        this.array = array;
    }

    /** Copies {@code len} elements from element {@code src} of the bound chunk to element {@code dst}. */
    interface Copier {
        void copy(int src, int dst, int len);
    }

    abstract Copier bind(byte[] chunk);

    /**
     * A sink that copies the decoded bytes as they are (file byte order) into {@code target}, element {@code i} at
     * byte {@code i * itemSize} from the buffer's start: for numbers whose in-memory form is their file form (see
     * {@link TypeInfo#rawBytesReadable()}), e.g. straight into a memory-mapped .npy file. Absolute bulk puts only,
     * so copiers of disjoint elements may run at once; {@link #array} is the buffer.
     */
    static Sink raw(java.nio.ByteBuffer target, int itemSize) {
        return new Sink(target) {
            @Override
            Copier bind(byte[] c) {
                return (s, d, len) -> target.put(d * itemSize, c, s * itemSize, len * itemSize);
            }
        };
    }

    static Sink of(TypeInfo t, int n, H5File heapOwner) {
        ByteOrder o = t.order;
        switch (t.kind) {
            case FIXED_STRING:
                return new FixedStringSink(n, t.baseSize, t.padding);
            case VLEN_STRING:
                return new VlenStringSink(n, t.baseSize, heapOwner);
            case OPAQUE:
                return new OpaqueSink(n, t.baseSize);
            default:
        }
        return switch (t.dtype) {
            case BOOL -> new Sink(new boolean[n]) {
                @Override
                Copier bind(byte[] c) {
                    boolean[] a = (boolean[]) array;
                    return (s, d, len) -> {
                        for (int i = 0; i < len; i++) {
                            a[d + i] = c[s + i] != 0;
                        }
                    };
                }
            };
            case INT8, UINT8 -> new Sink(new byte[n]) {
                @Override
                Copier bind(byte[] c) {
                    byte[] a = (byte[]) array;
                    return (s, d, len) -> System.arraycopy(c, s, a, d, len);
                }
            };
            case INT16, UINT16 -> new Sink(new short[n]) {
                @Override
                Copier bind(byte[] c) {
                    short[] a = (short[]) array;
                    java.nio.ShortBuffer v = ByteBuffer.wrap(c).order(o).asShortBuffer();
                    return (s, d, len) -> v.get(s, a, d, len);
                }
            };
            case INT32, UINT32 -> new Sink(new int[n]) {
                @Override
                Copier bind(byte[] c) {
                    int[] a = (int[]) array;
                    java.nio.IntBuffer v = ByteBuffer.wrap(c).order(o).asIntBuffer();
                    return (s, d, len) -> v.get(s, a, d, len);
                }
            };
            case INT64, UINT64 -> new Sink(new long[n]) {
                @Override
                Copier bind(byte[] c) {
                    long[] a = (long[]) array;
                    java.nio.LongBuffer v = ByteBuffer.wrap(c).order(o).asLongBuffer();
                    return (s, d, len) -> v.get(s, a, d, len);
                }
            };
            case FLOAT16 -> new Sink(new float[n]) {
                @Override
                Copier bind(byte[] c) {
                    float[] a = (float[]) array;
                    java.nio.ShortBuffer v = ByteBuffer.wrap(c).order(o).asShortBuffer();
                    return (s, d, len) -> {
                        for (int i = 0; i < len; i++) {
                            a[d + i] = Half.toFloat(v.get(s + i));
                        }
                    };
                }
            };
            case FLOAT32 -> t.baseSize == 2 ? new Sink(new float[n]) {
                @Override
                Copier bind(byte[] c) {
                    float[] a = (float[]) array;
                    java.nio.ShortBuffer v = ByteBuffer.wrap(c).order(o).asShortBuffer();
                    return (s, d, len) -> {
                        for (int i = 0; i < len; i++) {
                            a[d + i] = Float.intBitsToFloat(v.get(s + i) << 16);
                        }
                    };
                }
            } : new Sink(new float[n]) {
                @Override
                Copier bind(byte[] c) {
                    float[] a = (float[]) array;
                    java.nio.FloatBuffer v = ByteBuffer.wrap(c).order(o).asFloatBuffer();
                    return (s, d, len) -> v.get(s, a, d, len);
                }
            };
            case FLOAT64 -> new Sink(new double[n]) {
                @Override
                Copier bind(byte[] c) {
                    double[] a = (double[]) array;
                    java.nio.DoubleBuffer v = ByteBuffer.wrap(c).order(o).asDoubleBuffer();
                    return (s, d, len) -> v.get(s, a, d, len);
                }
            };
            case STRING, BYTES -> throw new IllegalStateException("no numeric sink for strings");
        };
    }

    /**
     * Fixed-length strings as byte strings ({@link org.daybreak.core.data.DType#BYTES}: one char per stored byte),
     * whatever character set the type declares: the bytes are kept exactly, text is decoded only for display.
     */
    private static final class FixedStringSink extends Sink {
        private final int size;
        private final StringData.PaddingType padding;

        FixedStringSink(int n, int size, StringData.PaddingType padding) {
            super(new String[n]);
            this.size = size;
            this.padding = padding;
        }

        @Override
        Copier bind(byte[] c) {
            String[] a = (String[]) array;
            return (s, d, len) -> {
                for (int i = 0; i < len; i++) {
                    int start = (s + i) * size;
                    int end = start + size;
                    // as h5py/NumPy: trailing NULs (and spaces for space-padded strings) removed, nothing else
                    boolean spaces = padding == StringData.PaddingType.SPACE_PADDED;
                    while (end > start && (c[end - 1] == 0 || (spaces && c[end - 1] == ' '))) {
                        end--;
                    }
                    a[d + i] = org.daybreak.core.data.DType.byteString(c, start, end - start);
                }
            };
        }
    }

    /**
     * Variable-length strings: each element is a 4-byte length and a global heap id (collection address, object
     * index), all little-endian; the text is decoded as UTF-8 with trailing NULs removed.
     */
    private static final class VlenStringSink extends Sink {
        private final int size;
        private final H5File heapOwner;

        VlenStringSink(int n, int size, H5File heapOwner) {
            super(new String[n]);
            this.size = size;
            this.heapOwner = heapOwner;
        }

        @Override
        Copier bind(byte[] c) {
            String[] a = (String[]) array;
            ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
            int offsets = heapOwner.sizeOfOffsets();
            return (s, d, len) -> {
                for (int i = 0; i < len; i++) {
                    int p = (s + i) * size;
                    long address = offsets == 8 ? b.getLong(p + 4) : b.getInt(p + 4) & 0xffffffffL;
                    int index = b.getInt(p + 4 + offsets);
                    byte[] text = heapOwner.heapObject(address, index);
                    int end = text.length;
                    while (end > 0 && text[end - 1] == 0) {
                        end--;
                    }
                    a[d + i] = new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
                }
            };
        }
    }

    /** Opaque elements as text: the bytes of each element in hex, as {@link TypeInfo#hex} writes them. */
    private static final class OpaqueSink extends Sink {
        private final int size;

        OpaqueSink(int n, int size) {
            super(new String[n]);
            this.size = size;
        }

        @Override
        Copier bind(byte[] c) {
            String[] a = (String[]) array;
            return (s, d, len) -> {
                for (int i = 0; i < len; i++) {
                    a[d + i] = TypeInfo.hex(ByteBuffer.wrap(c, (s + i) * size, size));
                }
            };
        }
    }
}

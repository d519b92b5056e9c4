package org.daybreak.hdf5.filter;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Decoding of zlib streams (RFC 1950, the HDF5 deflate filter's format) by the fastest inflater that works here.
 *
 * <p>Two implementations, giving identical bytes:
 * <ul>
 * <li>the fast one: libdeflate (MIT), statically linked into jlibdeflate's JNI library
 * ({@code com.fulcrumgenomics:jlibdeflate}, MIT, natives for Linux x86_64/aarch64, macOS x86_64/aarch64 and Windows
 * x86_64 inside its jar, which it extracts to a temporary file and loads itself, also inside OSGi). It decodes a whole
 * chunk in one call into a buffer of the known size; about twice the JDK's speed on this project's machines
 * (docs/hdf5.md, "Inflate");</li>
 * <li>the plain one, also the reference of the tests: the JDK's {@link Inflater} (the system's or the JDK's zlib).</li>
 * </ul>
 * The fast one is used when its classes are on the class path, its native library loads and decodes a test stream
 * correctly (checked once, on first use), the decoded size is known, and {@code -Ddaybreak.inflate=jdk} is not set.
 * Whenever it reports an error (corrupt data, a stream longer than the known size) the chunk is decoded again by the
 * plain one, so the results and error messages never depend on which inflater ran.
 *
 * <p>Thread rule: all methods may be called from many threads at once; each thread keeps its own libdeflate
 * decompressor (a few tens of kilobytes of native memory, freed when the thread's decompressor is collected).
 */
public final class Inflate {
    private static volatile Boolean fastWanted;

    private Inflate() {
    }

    /** Why the fast inflater is or is not used: fixed at first use. */
    private static final class Probe {
        static final String FAILURE;

        static {
            String failure;
            try {
                Class.forName("com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor", false,
                        Inflate.class.getClassLoader());
                failure = Fast.selfTest();
            } catch (ClassNotFoundException | LinkageError e) {
                failure = "jlibdeflate is not on the class path (" + e + ")";
            } catch (RuntimeException e) {
                failure = "libdeflate failed its self-test (" + e + ")";
            }
            FAILURE = failure;
        }
    }

    /**
     * Whether the fast inflater is used now: it loaded and passed its self-test, {@code -Ddaybreak.inflate=jdk} is
     * not set and {@link #useFast(boolean)} did not switch it off.
     */
    public static boolean fast() {
        Boolean wanted = fastWanted;
        if (wanted == null) {
            wanted = !"jdk".equalsIgnoreCase(System.getProperty("daybreak.inflate", ""));
            fastWanted = wanted;
        }
        return wanted && Probe.FAILURE == null;
    }

    /** Whether the fast inflater loaded here (whatever the switches say). */
    public static boolean fastAvailable() {
        return Probe.FAILURE == null;
    }

    /** One line: the inflater in use, or why the fast one is not used. */
    public static String describe() {
        if (fast()) {
            return "libdeflate (jlibdeflate JNI)";
        }
        return Probe.FAILURE != null ? "JDK Inflater (libdeflate unavailable: " + Probe.FAILURE + ")"
                : "JDK Inflater (libdeflate switched off)";
    }

    /**
     * Switches the fast inflater on or off for this process (benchmarks, the tests comparing the two); it stays off
     * where it is not {@link #fastAvailable() available}.
     *
     * @return whether it was switched on before
     */
    public static boolean useFast(boolean on) {
        boolean before = fast();
        fastWanted = on;
        return before;
    }

    /**
     * Decodes a zlib stream.
     *
     * @param in the stream (bytes after its end are ignored)
     * @param expectedSize the decoded size when known (the output then has at most this many bytes, and the fast
     *        inflater may run), else a value below 1
     * @return the decoded bytes, an array of exactly the decoded length
     * @throws java.io.IOException one sentence saying what is wrong with the data (from the plain inflater)
     */
    public static byte[] inflate(byte[] in, int expectedSize) throws java.io.IOException {
        if (expectedSize > 0 && fast()) {
            byte[] out = new byte[expectedSize];
            if (Fast.inflate(in, out) == expectedSize) {
                return out;
            }
        }
        return inflatePlain(in, expectedSize);
    }

    /**
     * The plain reference: the JDK's {@link Inflater}, straight into an array of the expected size (grown when the
     * size is unknown or the stream is longer).
     */
    public static byte[] inflatePlain(byte[] in, int expectedSize) throws java.io.IOException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            byte[] out = new byte[expectedSize > 0 ? expectedSize : Math.max(64, in.length * 4)];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw Filters.corrupt("deflate", "the stream ends early after " + n + " bytes");
                }
                n += k;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw Filters.corrupt("deflate", e.getMessage());
        } finally {
            inf.end();
        }
    }

    /** The only class that names jlibdeflate's types: loaded after the class check of {@link Probe}. */
    private static final class Fast {
        private static final ThreadLocal<com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor> DECOMPRESSOR =
                ThreadLocal.withInitial(com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor::new);

        /**
         * Decodes {@code in} into the whole of {@code out}.
         *
         * @return the decoded length (which then fills {@code out}), or -1 when libdeflate reports an error or the
         *         decoded length differs from {@code out.length}
         */
        static int inflate(byte[] in, byte[] out) {
            try {
                var r = DECOMPRESSOR.get().zlibDecompressEx(in, 0, in.length, out, 0, out.length);
                return r.outputBytesProduced() == out.length ? out.length : -1;
            } catch (com.fulcrumgenomics.jlibdeflate.LibdeflateException e) {
                return -1;
            }
        }

        /** Loads the native library and decodes a JDK-made stream; null when it matches, else what went wrong. */
        static String selfTest() {
            byte[] plain = new byte[70_000];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = (byte) ((i * 31) ^ (i >> 7));
            }
            Deflater d = new Deflater(6);
            byte[] packed = new byte[plain.length + 1024];
            d.setInput(plain);
            d.finish();
            int n = d.deflate(packed);
            d.end();
            byte[] out = new byte[plain.length];
            try {
                if (inflate(Arrays.copyOf(packed, n), out) != plain.length || !Arrays.equals(out, plain)) {
                    return "libdeflate decoded a test stream wrongly";
                }
            } catch (LinkageError e) {
                return "its native library does not load here (" + e.getMessage() + ")";
            }
            return null;
        }
    }
}

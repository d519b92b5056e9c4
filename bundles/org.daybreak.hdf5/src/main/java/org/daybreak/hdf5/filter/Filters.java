package org.daybreak.hdf5.filter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The filter decoders Daybreak uses for HDF5 chunks, by HDF5 filter id, and their registration with jHDF.
 *
 * <p>Daybreak decodes numeric chunks itself (see {@code H5Dataset}); jHDF still decodes chunks of datasets it
 * reads on our behalf (variable-length data), so {@link #registerWithJhdf()} replaces jHDF's own decoders with
 * these (jHDF's bitshuffle returns wrong values for chunks whose size is not a multiple of its block size)
 * and adds the ones jHDF lacks (Blosc, bzip2, zstd, szip, LZO). Service discovery does not cross OSGi bundles, hence the
 * explicit registration.
 */
public final class Filters {
    private static final Map<Integer, ChunkFilter> FILTERS = new ConcurrentHashMap<>();
    private static volatile boolean registered;

    static {
        for (ChunkFilter f : new ChunkFilter[] {new DeflateFilter(), new ShuffleFilter(), new Fletcher32Filter(),
                new LzfFilter(), new Lz4Filter(), new BitshuffleFilter(), new BloscFilter(), new Bzip2Filter(),
                new ZstdFilter(), new SzipFilter(), new LzoFilter()}) {
            FILTERS.put(f.id(), f);
        }
    }

    private Filters() {
    }

    /** The decoder for a filter id, or {@code null} when Daybreak has none. */
    public static ChunkFilter get(int id) {
        return FILTERS.get(id);
    }

    /** Short name for a filter id, also for filters Daybreak cannot decode (e.g. {@code szip}). */
    public static String name(int id) {
        ChunkFilter f = FILTERS.get(id);
        if (f != null) {
            return f.name();
        }
        return switch (id) {
            case 5 -> "nbit";
            case 6 -> "scaleoffset";
            case 32017 -> "sz";
            case 32013 -> "zfp";
            case 32026 -> "blosc2";
            default -> "filter-" + id;
        };
    }

    /** Registers every decoder with jHDF's FilterManager (idempotent, thread-safe). */
    public static synchronized void registerWithJhdf() {
        if (registered) {
            return;
        }
        for (ChunkFilter f : FILTERS.values()) {
            io.jhdf.filter.FilterManager.addFilter(new io.jhdf.filter.Filter() {
                @Override
                public int getId() {
                    return f.id();
                }

                @Override
                public String getName() {
                    return f.name();
                }

                @Override
                public byte[] decode(byte[] encoded, int[] data) {
                    try {
                        return f.decode(encoded, data, -1);
                    } catch (IOException e) {
                        throw new io.jhdf.exceptions.HdfFilterException(e.getMessage(), e);
                    }
                }
            });
        }
        registered = true;
    }

    static IOException corrupt(String filter, String what) {
        return new IOException(filter + " data is corrupt: " + what);
    }

    static int readIntBE(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    static long readLongBE(byte[] b, int p) {
        return ((long) readIntBE(b, p) << 32) | (readIntBE(b, p + 4) & 0xffffffffL);
    }

    static int readIntLE(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 24);
    }
}

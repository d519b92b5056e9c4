package org.daybreak.hdf5.filter;

import java.io.IOException;

/**
 * Decoder for one HDF5 filter (the reverse direction of the filter pipeline).
 *
 * <p>Thread rule: implementations are stateless and may be called from many threads at once.
 */
public interface ChunkFilter {

    /** HDF5 filter identifier (1 deflate, 2 shuffle, 3 fletcher32, 32000 LZF, ...). */
    int id();

    /** Short name printed by {@code h5 tree} (e.g. {@code deflate}, {@code bitshuffle}). */
    String name();

    /**
     * Decodes one chunk.
     *
     * @param in           the encoded bytes (not modified)
     * @param clientData   the filter's client data from the pipeline message
     * @param expectedSize decoded size in bytes when the caller knows it, else {@code -1}
     * @return the decoded bytes
     * @throws IOException with one sentence naming the filter and what is wrong with the data
     */
    byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException;
}

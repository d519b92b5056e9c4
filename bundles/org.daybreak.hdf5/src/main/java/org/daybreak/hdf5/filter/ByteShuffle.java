package org.daybreak.hdf5.filter;

/**
 * Undoing HDF5's byte shuffle (filter 2) element by element, for the chunk engine, which places the elements of a
 * chunk while it unshuffles them instead of unshuffling the whole chunk into a second array first.
 *
 * <p>Layout (as {@link ShuffleFilter}): a shuffled buffer of {@code n} elements of {@code size} bytes holds byte 0
 * of every element, then byte 1 of every element, ...; byte {@code j} of element {@code i} is at {@code j * n + i}.
 */
public final class ByteShuffle {
    private ByteShuffle() {
    }

    /**
     * Writes elements {@code first} to {@code first + count - 1} of the shuffled buffer {@code in} ({@code n}
     * elements of {@code size} bytes) unshuffled, in order, to {@code out} from {@code outPos}.
     */
    public static void unshuffleElements(byte[] in, int n, int size, int first, int count, byte[] out, int outPos) {
        if (size == 4) {
            int p1 = n + first;
            int p2 = 2 * n + first;
            int p3 = 3 * n + first;
            for (int k = 0, o = outPos; k < count; k++, o += 4) {
                out[o] = in[first + k];
                out[o + 1] = in[p1 + k];
                out[o + 2] = in[p2 + k];
                out[o + 3] = in[p3 + k];
            }
        } else if (size == 2) {
            int p1 = n + first;
            for (int k = 0, o = outPos; k < count; k++, o += 2) {
                out[o] = in[first + k];
                out[o + 1] = in[p1 + k];
            }
        } else if (size == 8) {
            for (int k = 0, o = outPos; k < count; k++, o += 8) {
                int i = first + k;
                out[o] = in[i];
                out[o + 1] = in[n + i];
                out[o + 2] = in[2 * n + i];
                out[o + 3] = in[3 * n + i];
                out[o + 4] = in[4 * n + i];
                out[o + 5] = in[5 * n + i];
                out[o + 6] = in[6 * n + i];
                out[o + 7] = in[7 * n + i];
            }
        } else {
            for (int j = 0; j < size; j++) {
                int src = j * n + first;
                for (int k = 0, o = outPos + j; k < count; k++, o += size) {
                    out[o] = in[src + k];
                }
            }
        }
    }
}

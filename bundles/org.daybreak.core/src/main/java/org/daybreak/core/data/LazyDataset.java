package org.daybreak.core.data;

/**
 * A dataset whose elements stay where they are (a file, a remote store) until a slab of it is read.
 *
 * <p>Axis conventions are those of {@link NDArray}. Implementations read only what a selection touches
 * (for chunked HDF5 data: only the chunks that intersect it) and are safe to read from several threads.
 */
public interface LazyDataset {

    /** Name of the dataset (for HDF5: its full path in the file). */
    String name();

    int[] shape();

    DType dtype();

    default int rank() {
        return shape().length;
    }

    default long size() {
        return NDArray.sizeOf(shape());
    }

    /**
     * Reads the selected slab into memory. Axes selected by a single index are dropped, as in NumPy.
     *
     * @throws IllegalArgumentException for a selection that does not fit the shape
     * @throws java.io.UncheckedIOException when the storage cannot be read
     */
    NDArray read(SliceSpec selection);

    /** Reads with a NumPy-like selection text, e.g. {@code "0,:,10:20"}. */
    default NDArray read(String selection) {
        return read(SliceSpec.parse(selection));
    }

    /** Reads everything. */
    default NDArray read() {
        return read(SliceSpec.all());
    }

    /**
     * A view of the selected slab that reads nothing now: its shape is the selection's result shape (axes picked by
     * a single index dropped, as in NumPy), and reading a selection of the view reads only the corresponding elements
     * of this dataset (selections compose; views of views too). Like January's {@code getSliceView} and ImgLib2's
     * {@code Views.hyperSlice}: pass a view on instead of a copy.
     *
     * @throws IllegalArgumentException for a selection that does not fit the shape
     */
    default LazyDataset sliceView(SliceSpec selection) {
        return new SliceView(this, selection);
    }

    default LazyDataset sliceView(String selection) {
        return sliceView(SliceSpec.parse(selection));
    }

    /** A dataset already in memory, seen through the lazy interface. */
    static LazyDataset of(String name, NDArray array) {
        return new LazyDataset() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int[] shape() {
                return array.shape();
            }

            @Override
            public DType dtype() {
                return array.dtype();
            }

            @Override
            public NDArray read(SliceSpec selection) {
                return array.slice(selection).copy();
            }
        };
    }
}

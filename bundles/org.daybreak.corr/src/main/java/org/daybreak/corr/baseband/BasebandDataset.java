package org.daybreak.corr.baseband;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;

/**
 * A recording's decoded voltages as a lazy float32 dataset {@code [sample][stream][pol][re, im]} (the layout of
 * {@code corr voltages}; real data: im = 0). A read decodes only the samples its selection spans along the first
 * axis (through {@link BasebandReader#read}, which reads only the frames they lie in); nothing is held in memory.
 * This is what the Data Browser shows and slices.
 */
public final class BasebandDataset implements LazyDataset {
    private final BasebandReader reader;
    private final String name;
    private final int[] shape;

    public BasebandDataset(BasebandReader reader, String name) {
        this.reader = reader;
        this.name = name;
        BasebandInfo info = reader.info();
        if (info.samples() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(reader.path() + ": " + info.samples()
                    + " samples per stream are more than one dataset axis can index");
        }
        this.shape = new int[] {(int) info.samples(), info.streams(), info.pols(), 2};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public NDArray read(SliceSpec selection) {
        SliceSpec.Selection s = selection.resolve(shape);
        int n = s.count()[0];
        if (n == 0) {
            return NDArray.zeros(DType.FLOAT32, s.resultShape());
        }
        int first = s.start()[0];
        int last = first + (n - 1) * s.step()[0];
        int lo = Math.min(first, last), span = Math.abs(last - first) + 1;
        float[] block;
        try {
            block = reader.read(lo, span);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NDArray slab = NDArray.of(block, span, shape[1], shape[2], shape[3]);
        SliceSpec.Item[] items = new SliceSpec.Item[4];
        for (int a = 0; a < 4; a++) {
            int start = a == 0 ? s.start()[0] - lo : s.start()[a];
            items[a] = item(start, s.count()[a], s.step()[a], s.dropped()[a]);
        }
        return slab.slice(SliceSpec.of(items)).copy();
    }

    /** The item that picks {@code count} elements from {@code start} by {@code step} (or the single index). */
    private static SliceSpec.Item item(int start, int count, int step, boolean dropped) {
        if (dropped) {
            return SliceSpec.Item.index(start);
        }
        if (count == 0) {
            return SliceSpec.Item.range(start, start, 1);
        }
        int end = start + (count - 1) * step + (step > 0 ? 1 : -1);
        return SliceSpec.Item.range(start, end < 0 ? null : end, step);
    }
}

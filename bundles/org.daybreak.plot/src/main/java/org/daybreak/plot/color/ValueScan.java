package org.daybreak.plot.color;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.daybreak.core.data.NDArray;

/**
 * Visits every element of an array of any rank, as doubles one row (last axis) at a time, in parallel bands; each
 * band has its own state object, and the states come back in band order for the caller to merge.
 */
final class ValueScan {
    private ValueScan() {
    }

    interface RowConsumer<S> {
        /** {@code row[0..n)} holds the next elements in C order; the array is reused for the next row. */
        void accept(S state, double[] row, int n);
    }

    static NDArray asRows(NDArray a) {
        if (!a.dtype().isNumeric()) {
            throw new IllegalArgumentException("statistics need numbers, not " + a.dtype() + " values");
        }
        return switch (a.rank()) {
            case 0 -> a.reshape(1, 1);
            case 1 -> a.reshape(1, a.shape(0));
            case 2 -> a;
            default -> {
                NDArray c = a.isContiguous() ? a : a.copy();
                int last = a.shape(a.rank() - 1);
                yield c.reshape(last == 0 ? 0 : a.size() / last, last);
            }
        };
    }

    static <S> List<S> scan(NDArray array, Supplier<S> states, RowConsumer<S> consumer) {
        RowSource src = new RowSource(asRows(array));
        int bands = Bands.count(src.rows, src.columns);
        List<S> result = new ArrayList<>(bands);
        for (int b = 0; b < bands; b++) {
            result.add(states.get());
        }
        Bands.run(src.rows, src.columns, (band, from, to) -> {
            S state = result.get(band);
            Object storage = src.band(from, to);
            double[] row = new double[src.columns];
            for (int y = from; y < to; y++) {
                src.toDoubles(storage, src.bandOffset(from, y), src.columns, row);
                consumer.accept(state, row, src.columns);
            }
        });
        return result;
    }
}

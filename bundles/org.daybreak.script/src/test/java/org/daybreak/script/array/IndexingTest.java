package org.daybreak.script.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.data.SliceSpec.Item;
import org.junit.jupiter.api.Test;

class IndexingTest {
    private static NDArray arange(int... shape) {
        NDArray a = NDArray.zeros(DType.INT64, shape);
        for (int i = 0; i < a.size(); i++) {
            a.setLongFlat(i, i);
        }
        return a;
    }

    @Test
    void newAxesGoWhereNumpyPutsThem() {
        NDArray a = arange(3, 4);
        assertArrayEquals(new int[] {1, 3, 4}, Indexing.select(a, Arrays.asList((Item) null)).shape());
        assertArrayEquals(new int[] {3, 1, 4}, Indexing.select(a, Arrays.asList(Item.ALL, null)).shape());
        assertArrayEquals(new int[] {3, 4, 1}, Indexing.select(a, Arrays.asList(Item.ELLIPSIS, null)).shape());
        assertArrayEquals(new int[] {1, 4}, Indexing.select(a, Arrays.asList(Item.index(1), null)).shape());
        NDArray v = Indexing.select(a, Arrays.asList(null, Item.range(null, null, -1), Item.index(2)));
        assertArrayEquals(new int[] {1, 3}, v.shape());
        assertArrayEquals(new double[] {10, 6, 2}, v.toDoubleArray());
    }

    @Test
    void basicSelectionIsAViewThatAssignmentWritesThrough() {
        NDArray a = arange(4, 5);
        NDArray col = Indexing.select(a, List.of(Item.ALL, Item.index(-1)));
        Indexing.assign(col, NDArray.of(new double[] {-1.9}));
        assertEquals(-1, a.getLong(2, 4));
        Indexing.assign(Indexing.select(a, List.of(Item.range(0, 2, null))), NDArray.of(new long[] {7, 8, 9, 10, 11}));
        assertEquals(11, a.getLong(1, 4));
        assertEquals(10, a.getLong(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Indexing.assign(col, NDArray.of(new long[] {1, 2})));
    }

    @Test
    void masksAndTakeCopy() {
        NDArray a = arange(2, 3);
        NDArray m = ArrayMath.compare(ArrayMath.Compare.GREATER, a, NDArray.of(new long[] {2}));
        assertArrayEquals(new long[] {3, 4, 5}, (long[]) Indexing.mask(a, m).data());
        Indexing.assignMask(a, m, NDArray.of(new long[] {0}));
        assertArrayEquals(new long[] {0, 1, 2, 0, 0, 0}, (long[]) a.data());
        NDArray b = arange(3, 2);
        assertArrayEquals(new long[] {4, 5, 0, 1, 4, 5}, (long[]) Indexing.take(b, new long[] {-1, 0, 2}, 0).data());
        assertArrayEquals(new long[] {1, 3, 5}, (long[]) Indexing.take(b, new long[] {1}, 1).data());
        assertThrows(IllegalArgumentException.class, () -> Indexing.take(b, new long[] {3}, 0));
        assertThrows(IllegalArgumentException.class, () -> Indexing.mask(a, NDArray.zeros(DType.BOOL, 6)));
    }

    @Test
    void nestedListsBuildArraysWithInferredTypes() {
        NDArray a = ArrayBuild.fromNested(List.of(List.of(1, 2), List.of(3, 4)), null);
        assertEquals(DType.INT64, a.dtype());
        assertArrayEquals(new int[] {2, 2}, a.shape());
        NDArray f = ArrayBuild.fromNested(List.of(1, 2.5, true), null);
        assertEquals(DType.FLOAT64, f.dtype());
        assertArrayEquals(new double[] {1, 2.5, 1}, f.toDoubleArray());
        assertEquals(DType.BOOL, ArrayBuild.fromNested(List.of(true, false), null).dtype());
        NDArray stacked = ArrayBuild.fromNested(List.of(NDArray.of(new float[] {1, 2}), NDArray.of(new float[] {3, 4})), null);
        assertEquals(DType.FLOAT32, stacked.dtype());
        assertArrayEquals(new int[] {2, 2}, stacked.shape());
        assertEquals(0, ArrayBuild.fromNested(5, null).rank());
        assertEquals(DType.FLOAT32, ArrayBuild.fromNested(List.of(1, 2), DType.FLOAT32).dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArrayBuild.fromNested(List.of(List.of(1, 2), List.of(3)), null));
        assertEquals("the nested sequences are ragged (their lengths differ at depth 1); an array needs a regular shape",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArrayBuild.fromNested(List.of("a", 1), DType.INT32));
        assertEquals(SliceSpec.all().items().size(), 0);
    }
}

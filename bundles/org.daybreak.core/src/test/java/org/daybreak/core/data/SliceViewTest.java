package org.daybreak.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SliceViewTest {

    /** Counts the elements read, to show that a view reads nothing until asked and then only its selection. */
    private static final class Counting implements LazyDataset {
        final LazyDataset inner;
        final AtomicLong elementsRead = new AtomicLong();

        Counting(NDArray a) {
            inner = LazyDataset.of("d", a);
        }

        @Override
        public String name() {
            return "d";
        }

        @Override
        public int[] shape() {
            return inner.shape();
        }

        @Override
        public DType dtype() {
            return inner.dtype();
        }

        @Override
        public NDArray read(SliceSpec s) {
            NDArray r = inner.read(s);
            elementsRead.addAndGet(r.size());
            return r;
        }
    }

    private static NDArray ramp(int... shape) {
        int n = (int) NDArray.sizeOf(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return NDArray.of(v, shape);
    }

    private static String randomSelection(Random r, int[] shape) {
        List<String> items = new ArrayList<>();
        for (int n : shape) {
            switch (r.nextInt(5)) {
                case 0 -> items.add(String.valueOf(r.nextInt(n) - (r.nextBoolean() ? n : 0)));
                case 1 -> items.add(":");
                case 2 -> {
                    int a = r.nextInt(n + 1);
                    int b = r.nextInt(n + 1);
                    int st = 1 + r.nextInt(3);
                    items.add(Math.min(a, b) + ":" + Math.max(a, b) + ":" + st);
                }
                case 3 -> {
                    int st = -(1 + r.nextInt(3));
                    items.add(r.nextBoolean() ? "::" + st : (r.nextInt(n)) + "::" + st);
                }
                default -> items.add(r.nextInt(n) + ":");
            }
        }
        return String.join(",", items);
    }

    @Test
    void viewsComposeLikeSlicesOfTheWholeArray() {
        Random r = new Random(11);
        int checked = 0;
        for (int t = 0; t < 3000; t++) {
            int rank = 1 + r.nextInt(3);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + r.nextInt(6);
            }
            NDArray a = ramp(shape);
            LazyDataset lazy = LazyDataset.of("d", a);
            String s1 = randomSelection(r, shape);
            LazyDataset view = lazy.sliceView(s1);
            NDArray once = a.slice(s1);
            assertArrayEquals(once.shape(), view.shape(), s1);
            if (view.size() == 0) {
                assertEquals(0, view.read().size(), s1);
                continue;
            }
            if (view.rank() == 0) {
                assertArrayEquals(once.copy().toDoubleArray(), view.read().toDoubleArray(), s1);
                continue;
            }
            String s2 = randomSelection(r, view.shape());
            NDArray want = once.slice(s2).copy();
            NDArray got = view.read(s2);
            assertArrayEquals(want.shape(), got.shape(), s1 + " then " + s2);
            assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), s1 + " then " + s2);
            // and a view of the view
            LazyDataset twice = view.sliceView(s2);
            assertArrayEquals(want.toDoubleArray(), twice.read().toDoubleArray(), s1 + " then " + s2);
            checked++;
        }
        assertEquals(true, checked > 1000);
    }

    @Test
    void aViewReadsNothingUntilAskedAndThenOnlyItsPart() {
        Counting d = new Counting(ramp(10, 20, 30));
        LazyDataset frame = d.sliceView("4");
        LazyDataset row = frame.sliceView("7, 5:15");
        assertEquals(0, d.elementsRead.get());
        assertArrayEquals(new int[] {20, 30}, frame.shape());
        assertArrayEquals(new int[] {10}, row.shape());
        NDArray v = row.read();
        assertEquals(10, d.elementsRead.get());
        assertEquals(4 * 600 + 7 * 30 + 5, v.toDoubleArray()[0]);
        assertEquals("d[4][7,5:15]", row.name());
        assertThrows(IllegalArgumentException.class, () -> d.sliceView("10"));
        assertThrows(IllegalArgumentException.class, () -> frame.read("0,0,0"));
    }
}

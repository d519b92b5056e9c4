package org.daybreak.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NumPy-like selection: a comma-separated list of items, each an integer index ({@code 3}, {@code -1}),
 * a range {@code start:stop[:step]} with any part omitted ({@code :}, {@code ::2}, {@code -5:}, {@code 10:20}),
 * or {@code ...} (at most once) standing for as many full ranges as needed. Axes not named are taken whole.
 *
 * <p>Semantics follow NumPy basic indexing: negative indices count from the end, range bounds are clipped to
 * the axis, a negative step walks backwards, an integer index removes its axis from the result.
 */
public final class SliceSpec {

    /** One item of the selection. {@code null} bounds mean "omitted". */
    public record Item(Integer start, Integer stop, Integer step, boolean isIndex, boolean isEllipsis) {
        public static Item index(int i) {
            return new Item(i, null, null, true, false);
        }

        public static Item range(Integer start, Integer stop, Integer step) {
            return new Item(start, stop, step, false, false);
        }

        public static final Item ALL = new Item(null, null, null, false, false);
        public static final Item ELLIPSIS = new Item(null, null, null, false, true);

        @Override
        public String toString() {
            if (isEllipsis) {
                return "...";
            }
            if (isIndex) {
                return String.valueOf(start);
            }
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == null ? "" : ":" + step);
        }
    }

    private final List<Item> items;

    private SliceSpec(List<Item> items) {
        this.items = List.copyOf(items);
    }

    public static SliceSpec of(Item... items) {
        return new SliceSpec(Arrays.asList(items));
    }

    /** The selection of everything. */
    public static SliceSpec all() {
        return new SliceSpec(List.of());
    }

    public List<Item> items() {
        return items;
    }

    /**
     * Parses a selection such as {@code 0,:,10:20}. Blank text selects everything.
     *
     * @throws IllegalArgumentException with one sentence naming the offending item
     */
    public static SliceSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return all();
        }
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        List<Item> out = new ArrayList<>();
        boolean ellipsis = false;
        for (String raw : t.split(",", -1)) {
            String s = raw.trim();
            if (s.equals("...")) {
                if (ellipsis) {
                    throw new IllegalArgumentException("slice '" + text + "' has more than one '...'");
                }
                ellipsis = true;
                out.add(Item.ELLIPSIS);
                continue;
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("slice '" + text + "' has an empty item");
            }
            String[] parts = s.split(":", -1);
            if (parts.length > 3) {
                throw new IllegalArgumentException("slice item '" + s + "' has more than two ':'");
            }
            try {
                if (parts.length == 1) {
                    out.add(Item.index(Integer.parseInt(parts[0].trim())));
                } else {
                    Integer start = parseBound(parts[0]);
                    Integer stop = parseBound(parts[1]);
                    Integer step = parts.length == 3 ? parseBound(parts[2]) : null;
                    if (step != null && step == 0) {
                        throw new IllegalArgumentException("slice item '" + s + "' has a step of zero");
                    }
                    out.add(Item.range(start, stop, step));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("slice item '" + s + "' is not an index or start:stop:step");
            }
        }
        return new SliceSpec(out);
    }

    private static Integer parseBound(String s) {
        String t = s.trim();
        return t.isEmpty() ? null : Integer.valueOf(t);
    }

    /**
     * Resolves the selection against a shape.
     *
     * @throws IllegalArgumentException when there are more items than axes or an index is out of range
     */
    public Selection resolve(int[] shape) {
        int rank = shape.length;
        int named = 0;
        for (Item it : items) {
            if (!it.isEllipsis()) {
                named++;
            }
        }
        if (named > rank) {
            throw new IllegalArgumentException("slice [" + this + "] has " + named + " items but the data has "
                    + rank + " dimension" + (rank == 1 ? "" : "s") + " " + Arrays.toString(shape));
        }
        List<Item> full = new ArrayList<>(rank);
        for (Item it : items) {
            if (it.isEllipsis()) {
                for (int k = 0; k < rank - named; k++) {
                    full.add(Item.ALL);
                }
            } else {
                full.add(it);
            }
        }
        while (full.size() < rank) {
            full.add(Item.ALL);
        }
        int[] start = new int[rank];
        int[] count = new int[rank];
        int[] step = new int[rank];
        boolean[] drop = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            Item it = full.get(d);
            int n = shape[d];
            if (it.isIndex()) {
                int i = it.start();
                int j = i < 0 ? i + n : i;
                if (j < 0 || j >= n) {
                    throw new IllegalArgumentException("index " + i + " is out of range for axis " + d
                            + " with size " + n);
                }
                start[d] = j;
                count[d] = 1;
                step[d] = 1;
                drop[d] = true;
            } else {
                int st = it.step() == null ? 1 : it.step();
                int lo;
                int hi;
                if (st > 0) {
                    lo = it.start() == null ? 0 : clip(it.start() < 0 ? it.start() + n : it.start(), 0, n);
                    hi = it.stop() == null ? n : clip(it.stop() < 0 ? it.stop() + n : it.stop(), 0, n);
                    count[d] = hi > lo ? (hi - lo + st - 1) / st : 0;
                } else {
                    lo = it.start() == null ? n - 1 : clip(it.start() < 0 ? it.start() + n : it.start(), -1, n - 1);
                    hi = it.stop() == null ? -1 : clip(it.stop() < 0 ? it.stop() + n : it.stop(), -1, n - 1);
                    count[d] = lo > hi ? (lo - hi - st - 1) / (-st) : 0;
                }
                start[d] = count[d] == 0 ? 0 : lo;
                step[d] = st;
            }
        }
        return new Selection(start, count, step, drop);
    }

    private static int clip(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Item it : items) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(it);
        }
        return b.toString();
    }

    /**
     * A resolved selection: per axis the first index, the number of elements and the step (negative walks
     * backwards); {@code dropped[d]} marks axes selected by a single index, absent from the result's shape.
     */
    public record Selection(int[] start, int[] count, int[] step, boolean[] dropped) {
        /** Shape of the result, dropped axes removed. */
        public int[] resultShape() {
            int n = 0;
            for (boolean b : dropped) {
                if (!b) {
                    n++;
                }
            }
            int[] s = new int[n];
            int k = 0;
            for (int d = 0; d < count.length; d++) {
                if (!dropped[d]) {
                    s[k++] = count[d];
                }
            }
            return s;
        }

        /** Shape of the selected block with every axis kept (dropped axes have size 1). */
        public int[] blockShape() {
            return count.clone();
        }

        public boolean isUnitStep() {
            for (int s : step) {
                if (s != 1) {
                    return false;
                }
            }
            return true;
        }
    }
}

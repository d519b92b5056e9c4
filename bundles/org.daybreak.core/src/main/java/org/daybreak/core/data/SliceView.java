package org.daybreak.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A selection of a {@link LazyDataset} that reads nothing until asked: {@link #read(SliceSpec)} maps the selection
 * of the view onto the parent (start, step and count per parent axis) and reads only that.
 */
final class SliceView implements LazyDataset {
    private final LazyDataset parent;
    private final SliceSpec.Selection base;
    private final int[] shape;
    private final String name;

    SliceView(LazyDataset parent, SliceSpec selection) {
        this.parent = parent;
        this.base = selection.resolve(parent.shape());
        this.shape = base.resultShape();
        this.name = parent.name() + "[" + selection + "]";
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
        return parent.dtype();
    }

    @Override
    public NDArray read(SliceSpec selection) {
        return parent.read(onParent(selection));
    }

    /** The parent's selection equal to {@code selection} of this view. */
    SliceSpec onParent(SliceSpec selection) {
        SliceSpec.Selection child = selection.resolve(shape);
        int[] pStart = base.start();
        int[] pCount = base.count();
        int[] pStep = base.step();
        boolean[] pDropped = base.dropped();
        List<SliceSpec.Item> items = new ArrayList<>(pStart.length);
        int j = 0;
        for (int d = 0; d < pStart.length; d++) {
            if (pDropped[d]) {
                items.add(SliceSpec.Item.index(pStart[d]));
                continue;
            }
            int first = pStart[d] + child.start()[j] * pStep[d];
            int step = pStep[d] * child.step()[j];
            int count = child.count()[j];
            if (child.dropped()[j]) {
                items.add(SliceSpec.Item.index(first));
            } else if (count == 0 || pCount[d] == 0) {
                items.add(SliceSpec.Item.range(0, 0, 1));
            } else {
                int last = first + (count - 1) * step;
                Integer stop;
                if (step > 0) {
                    stop = last + 1;
                } else {
                    stop = last - 1 < 0 ? null : Integer.valueOf(last - 1); // a negative stop would count from the end
                }
                items.add(SliceSpec.Item.range(first, stop, step));
            }
            j++;
        }
        return SliceSpec.of(items.toArray(new SliceSpec.Item[0]));
    }
}

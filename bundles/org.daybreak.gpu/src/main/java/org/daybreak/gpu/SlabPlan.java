package org.daybreak.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a stack of items (slices of a volume, dumps of visibilities) is cut into slabs that fit the GPU: each slab
 * holds a multiple of {@code granule} items (the last one may hold fewer), and the buffers of one slab plus the
 * fixed buffers stay within a fraction of the device's free memory.
 *
 * @param perSlab items in each slab but the last
 * @param slabs   {first, end} of each slab, end exclusive, in order
 */
public record SlabPlan(int perSlab, List<int[]> slabs) {
    /** Share of the free memory a plan uses, leaving room for the driver, the JIT and other processes. */
    public static final double USABLE_FRACTION = 0.8;

    /**
     * @param freeBytes    device memory free now
     * @param fixedBytes   bytes needed whatever the slab size (tables, filters)
     * @param bytesPerItem device bytes one item needs (input plus output, times the number of buffers in flight)
     * @param items        items to process
     * @param granule      slab sizes are multiples of this (e.g. slices packed four to a vector)
     * @param maxPerSlab   upper bound on a slab (host memory, progress granularity); at least {@code granule}
     * @throws GpuException when not even one granule fits, naming the sizes
     */
    public static SlabPlan plan(long freeBytes, long fixedBytes, long bytesPerItem, int items, int granule,
            int maxPerSlab) {
        if (items < 1 || granule < 1 || bytesPerItem < 1 || maxPerSlab < granule) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "bad slab request: %d items, granule %d,"
                    + " %d bytes each, at most %d per slab", items, granule, bytesPerItem, maxPerSlab));
        }
        long budget = (long) (freeBytes * USABLE_FRACTION) - fixedBytes;
        long fit = budget <= 0 ? 0 : budget / bytesPerItem;
        int per = (int) Math.min(fit, maxPerSlab);
        per -= per % granule;
        if (per < granule) {
            throw new GpuException(String.format(Locale.ROOT, "GPU: %d item(s) need %.1f MiB of device memory besides"
                    + " %.1f MiB of tables, but only %.1f MiB of the %.1f MiB free may be used", granule,
                    granule * bytesPerItem / 1048576.0, fixedBytes / 1048576.0, freeBytes * USABLE_FRACTION
                            / 1048576.0, freeBytes / 1048576.0));
        }
        int roundedItems = items + (granule - items % granule) % granule;
        per = Math.min(per, roundedItems);
        List<int[]> slabs = new ArrayList<>();
        for (int s = 0; s < items; s += per) {
            slabs.add(new int[] {s, Math.min(items, s + per)});
        }
        return new SlabPlan(per, slabs);
    }
}

package org.daybreak.tomo.gpu;

/** Evenly spaced angles over 180 degrees for the GPU tests. */
final class GpuTestAngles {
    private GpuTestAngles() {
    }

    static double[] angles(int count) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = 180.0 * i / count;
        }
        return a;
    }
}

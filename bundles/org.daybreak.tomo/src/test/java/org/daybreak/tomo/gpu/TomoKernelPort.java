package org.daybreak.tomo.gpu;

/**
 * A line-for-line Java port of the per-thread functions of {@code tomo_kernels.cu}: the same float operations in
 * the same order (the CUDA source forbids fused multiply-adds with {@code __fmul_rn}/{@code __fadd_rn}, and Java
 * float arithmetic rounds each operation to nearest), run here for every thread of the launch grid. It lets the
 * kernels' arithmetic be checked against the CPU reference on any machine; on a GPU the kernels' output must equal
 * this port's.
 */
final class TomoKernelPort {
    private TomoKernelPort() {
    }

    /** backproject4 for thread (x, y) of group z; writes image[((z * size + y) * size + x) * 4 + k]. */
    static void backproject4(float[] sino, float[] start, int[] range, float[] cosines, float[] image, int size,
            int angles, int paddedDetectors, float scale, int x, int y, int z) {
        if (x >= size || y >= size) {
            return;
        }
        int s = z * angles * paddedDetectors * 4;
        float fx = x;
        float ax = 0f, ay = 0f, az = 0f, aw = 0f;
        for (int a = 0; a < angles; a++) {
            int rx = range[2 * (a * size + y)];
            int ry = range[2 * (a * size + y) + 1];
            if (x < rx || x > ry) {
                continue;
            }
            float d = start[a * size + y] + fx * cosines[a];
            int i = (int) d;
            float w = d - i;
            float w0 = 1.0f - w;
            int v0 = s + (a * paddedDetectors + i) * 4;
            int v1 = v0 + 4;
            ax = ax + (w0 * sino[v0] + w * sino[v1]);
            ay = ay + (w0 * sino[v0 + 1] + w * sino[v1 + 1]);
            az = az + (w0 * sino[v0 + 2] + w * sino[v1 + 2]);
            aw = aw + (w0 * sino[v0 + 3] + w * sino[v1 + 3]);
        }
        int o = ((z * size + y) * size + x) * 4;
        image[o] = ax * scale;
        image[o + 1] = ay * scale;
        image[o + 2] = az * scale;
        image[o + 3] = aw * scale;
    }

    /** forwardproject4 for thread (x, y) of group z; adds into sino (the GPU's atomicAdds, here in thread order). */
    static void forwardproject4(float[] image, float[] start, int[] range, float[] cosines, float[] sino, int size,
            int angles, int paddedDetectors, int x, int y, int z) {
        if (x >= size || y >= size) {
            return;
        }
        int p = ((z * size + y) * size + x) * 4;
        int s = z * angles * paddedDetectors * 4;
        float fx = x;
        for (int a = 0; a < angles; a++) {
            int rx = range[2 * (a * size + y)];
            int ry = range[2 * (a * size + y) + 1];
            if (x < rx || x > ry) {
                continue;
            }
            float d = start[a * size + y] + fx * cosines[a];
            int i = (int) d;
            float w = d - i;
            int b = s + (a * paddedDetectors + i) * 4;
            for (int k = 0; k < 4; k++) {
                float v = image[p + k];
                sino[b + k] += v - w * v;
                sino[b + 4 + k] += w * v;
            }
        }
    }
}

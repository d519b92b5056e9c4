package org.daybreak.gpu;

/**
 * A kernel launch's grid (blocks) and block (threads), checked against the limits every CUDA device since compute
 * capability 3.0 has: at most 1024 threads per block, block z at most 64, grid x below 2^31, grid y and z at most
 * 65535.
 */
public record LaunchGeometry(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ) {
    public static final int MAX_THREADS_PER_BLOCK = 1024;

    public LaunchGeometry {
        if (gridX < 1 || gridY < 1 || gridZ < 1 || blockX < 1 || blockY < 1 || blockZ < 1) {
            throw new IllegalArgumentException("a launch needs at least one block and one thread: " + dims(gridX,
                    gridY, gridZ, blockX, blockY, blockZ));
        }
        if ((long) blockX * blockY * blockZ > MAX_THREADS_PER_BLOCK || blockZ > 64) {
            throw new IllegalArgumentException("a block holds at most 1024 threads (z at most 64): " + dims(gridX,
                    gridY, gridZ, blockX, blockY, blockZ));
        }
        if (gridY > 65535 || gridZ > 65535) {
            throw new IllegalArgumentException("grid y and z are at most 65535: " + dims(gridX, gridY, gridZ, blockX,
                    blockY, blockZ));
        }
    }

    /** Blocks of {@code blockX x blockY} threads covering a {@code width x height} plane, {@code depth} deep. */
    public static LaunchGeometry covering(int width, int height, int depth, int blockX, int blockY) {
        return new LaunchGeometry(ceilDiv(width, blockX), ceilDiv(height, blockY), depth, blockX, blockY, 1);
    }

    /** The smallest number of blocks of {@code block} covering {@code n}. */
    public static int ceilDiv(long n, int block) {
        long q = (n + block - 1) / block;
        if (q > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " items need more than 2^31 blocks of " + block);
        }
        return (int) q;
    }

    public long threads() {
        return (long) gridX * gridY * gridZ * blockX * blockY * blockZ;
    }

    @Override
    public String toString() {
        return dims(gridX, gridY, gridZ, blockX, blockY, blockZ);
    }

    private static String dims(int gx, int gy, int gz, int bx, int by, int bz) {
        return "grid " + gx + "x" + gy + "x" + gz + ", block " + bx + "x" + by + "x" + bz;
    }
}

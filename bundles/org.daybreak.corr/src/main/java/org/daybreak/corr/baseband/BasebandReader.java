package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

import org.daybreak.core.cli.InputException;

/**
 * A baseband file opened for lazy reading: only the frames that cover the requested samples are read.
 *
 * <p>Layout of what {@link #read} returns: {@code [sample][stream][pol][re, im]} float32 (real data: im = 0), see
 * {@link BasebandInfo}. Samples of invalid, corrupt or missing frames read as zeros (they are counted in
 * {@link BasebandInfo#invalidFrames()}, never decoded as data). {@link #readCodes} returns the raw integer codes in
 * the same layout (see {@link Levels} for code -> level).
 *
 * <p>The file is a sequence of blocks (a VDIF frame set over all threads, a Mark 5B frame, a GUPPI block without its
 * overlap, a DADA file's payload) of {@link #blockSamples()} samples each; block b holds samples [b B, (b+1) B).
 *
 * <p>{@link #readPlanar} returns the same values planar, one array per input u = stream * pols + pol (what the
 * correlator's F-engine reads): VDIF and Mark 5B decode straight into that layout ({@link Unpack}); the other formats
 * decode interleaved and copy.
 *
 * <p>Thread rule: one thread at a time per reader (open one reader per thread).
 */
public abstract class BasebandReader implements AutoCloseable {
    protected final Path path;
    protected final FileChannel channel;
    protected final long size;
    private ByteBuffer scratch = ByteBuffer.allocate(0);
    /** Bytes of the read-ahead window used by {@link #bulk}. */
    static final int WINDOW = 4 << 20;
    /** The read-ahead window: file bytes [windowStart, windowStart + windowLength) at window[0 ...]. */
    protected byte[] window = new byte[0];
    private long windowStart = -1;
    private int windowLength;

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private long fileReadCpuNanos;

    protected BasebandReader(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
    }

    public Path path() {
        return path;
    }

    public abstract BasebandInfo info();

    /** Samples per block. */
    protected abstract int blockSamples();

    /**
     * Decodes samples [from, from + n) of block {@code block} into {@code out} at {@code offset}, sample-major with
     * the stride of {@link BasebandInfo#sampleStride()}; writes zeros for invalid parts.
     *
     * @param codes true: the raw integer codes; false: the levels
     */
    protected abstract void decode(long block, int from, int n, float[] out, int offset, boolean codes)
            throws IOException;

    public long samples() {
        return info().samples();
    }

    /** Reads {@code count} samples from sample {@code start} into {@code out} at {@code offset}. */
    public void read(long start, int count, float[] out, int offset) throws IOException {
        read(start, count, out, offset, false);
    }

    /** Reads {@code count} samples from sample {@code start} into a new array [count][stream][pol][2]. */
    public float[] read(long start, int count) throws IOException {
        float[] out = new float[Math.multiplyExact(count, info().sampleStride())];
        read(start, count, out, 0, false);
        return out;
    }

    /** The raw integer codes of {@code count} samples from {@code start}, same layout as {@link #read}. */
    public float[] readCodes(long start, int count) throws IOException {
        float[] out = new float[Math.multiplyExact(count, info().sampleStride())];
        read(start, count, out, 0, true);
        return out;
    }

    private void read(long start, int count, float[] out, int offset, boolean codes) throws IOException {
        checkRange(start, count);
        int stride = info().sampleStride();
        int bs = blockSamples();
        long s = start;
        int done = 0;
        while (done < count) {
            long block = s / bs;
            int from = (int) (s - block * bs);
            int n = Math.min(count - done, bs - from);
            decode(block, from, n, out, offset + done * stride, codes);
            done += n;
            s += n;
        }
    }

    /**
     * Reads {@code count} samples from sample {@code start} planar: input u = stream * pols + pol (u = 0 ..
     * streams * pols - 1) goes to {@code out[first + u]} from sample {@code offset}: real data one float per sample
     * (index offset + s), complex data (re, im) pairs (indices 2 (offset + s) and 2 (offset + s) + 1). The values
     * are those of {@link #read}, bit for bit; invalid parts are zeros.
     */
    public void readPlanar(long start, int count, float[][] out, int first, int offset) throws IOException {
        checkRange(start, count);
        int bs = blockSamples();
        long s = start;
        int done = 0;
        while (done < count) {
            long block = s / bs;
            int from = (int) (s - block * bs);
            int n = Math.min(count - done, bs - from);
            decodePlanar(block, from, n, out, first, offset + done);
            done += n;
            s += n;
        }
    }

    /**
     * CPU nanoseconds the reading threads spent so far in the read-ahead window's file reads (page-cache copies;
     * -1 where the JVM does not measure thread CPU time): benchmark records subtract it to give the decoding alone.
     */
    public long fileReadCpuNanos() {
        return CPU.isCurrentThreadCpuTimeSupported() ? fileReadCpuNanos : -1;
    }

    /** The decoder behind {@link #readPlanar}, in words (for benchmark records). */
    public String decodeKernel() {
        return "interleaved decode and copy";
    }

    private float[] planarScratch = new float[0];

    /**
     * Decodes samples [from, from + n) of block {@code block} planar (see {@link #readPlanar}) from sample
     * {@code offset}. This form decodes interleaved with {@link #decode} and copies; readers with a direct planar
     * decoder override it.
     */
    protected void decodePlanar(long block, int from, int n, float[][] out, int first, int offset)
            throws IOException {
        BasebandInfo i = info();
        int stride = i.sampleStride();
        int inputs = i.streams() * i.pols();
        boolean complex = i.complex();
        int chunk = Math.max(1, (1 << 16) / stride);
        if (planarScratch.length < Math.min(chunk, n) * stride) {
            planarScratch = new float[Math.min(chunk, n) * stride];
        }
        float[] raw = planarScratch;
        for (int done = 0; done < n; done += chunk) {
            int m = Math.min(chunk, n - done);
            decode(block, from + done, m, raw, 0, false);
            for (int u = 0; u < inputs; u++) {
                float[] v = out[first + u];
                if (complex) {
                    int o = 2 * (offset + done);
                    for (int s = 0; s < m; s++) {
                        v[o + 2 * s] = raw[s * stride + 2 * u];
                        v[o + 2 * s + 1] = raw[s * stride + 2 * u + 1];
                    }
                } else {
                    int o = offset + done;
                    for (int s = 0; s < m; s++) {
                        v[o + s] = raw[s * stride + 2 * u];
                    }
                }
            }
        }
    }

    private void checkRange(long start, int count) {
        long total = samples();
        if (start < 0 || count < 0 || start + count > total) {
            throw new InputException(path + ": samples " + start + " to " + (start + count) + " are outside the "
                    + total + " samples of the file");
        }
    }

    /** Reads {@code length} bytes at {@code position} into a reused buffer (position 0, limit length). */
    protected ByteBuffer readBytes(long position, int length) throws IOException {
        if (scratch.capacity() < length) {
            scratch = ByteBuffer.allocate(Math.max(length, scratch.capacity() * 2));
        }
        scratch.clear().limit(length);
        while (scratch.hasRemaining()) {
            if (channel.read(scratch, position + scratch.position()) < 0) {
                throw new IOException(path + ": unexpected end of file at byte " + (position + scratch.position()));
            }
        }
        scratch.flip();
        return scratch;
    }

    /**
     * Makes file bytes [position, position + length) available in {@link #window} and returns their offset there.
     * Reads ahead in large blocks ({@link #WINDOW} bytes, or {@code length} when larger), so decoding consecutive
     * frames costs one read call per few MiB instead of one per frame.
     */
    protected int bulk(long position, int length) throws IOException {
        if (position >= windowStart && position + length <= windowStart + windowLength) {
            return (int) (position - windowStart);
        }
        int want = (int) Math.min(Math.max(length, WINDOW), size - position);
        if (want < length) {
            throw new IOException(path + ": unexpected end of file at byte " + size);
        }
        if (window.length < want) {
            window = new byte[want];
        }
        ByteBuffer b = ByteBuffer.wrap(window, 0, want);
        long c0 = CPU.getCurrentThreadCpuTime();
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException(path + ": unexpected end of file at byte " + (position + b.position()));
            }
        }
        fileReadCpuNanos += CPU.getCurrentThreadCpuTime() - c0;
        windowStart = position;
        windowLength = want;
        return 0;
    }

    /** Zeros n samples of one stream (all its pols) at out[offset + s * stride + streamOffset ...]. */
    protected static void zeroStream(float[] out, int offset, int n, int stride, int streamOffset, int width) {
        for (int s = 0; s < n; s++) {
            int o = offset + s * stride + streamOffset;
            Arrays.fill(out, o, o + width, 0f);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

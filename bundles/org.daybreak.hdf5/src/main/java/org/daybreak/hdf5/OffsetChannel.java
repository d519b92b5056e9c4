package org.daybreak.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only view of a file that starts {@code offset} bytes in, through which jHDF reads every file (offset 0 for
 * most). A non-zero offset serves files whose user block is not reflected in the superblock's base address (e.g.
 * the SLS NXstxm files: superblock at 32768, base address 0), which jHDF refuses but HDF5 reads: seen through this
 * view the superblock is at 0 and every address is right. Reads far past the end fail (see {@link #read}).
 * Thread rule: all methods are synchronized.
 */
final class OffsetChannel implements SeekableByteChannel {
    private final FileChannel channel;
    private final long offset;
    private long position;

    OffsetChannel(FileChannel channel, long offset) {
        this.channel = channel;
        this.offset = offset;
    }

    /** How far past the end of the file a read may reach (jHDF reads some small structures speculatively). */
    static final int SLACK = 64 * 1024;

    /**
     * Reads at the current position. A read that would reach more than {@link #SLACK} bytes past the end of the file
     * is an {@link java.io.EOFException}; a shorter one is filled with zeros past the end. jHDF 0.13 repeats a short
     * read at the same address until its buffer is full, so a damaged length (up to 2 GiB) in a small file made it
     * read the same bytes millions of times: an apparent hang (found by H5FileFuzzTest, input
     * H5FileFuzzTestInputs/openWalkAndRead/crash-9467eb4a...).
     */
    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        long size = size();
        if (position + dst.remaining() > size + SLACK) {
            throw new java.io.EOFException("a read of " + dst.remaining() + " bytes at " + (offset + position)
                    + " goes past the end of the file (" + channel.size() + " bytes): a damaged address or length");
        }
        int want = dst.remaining();
        int n = channel.read(dst, offset + position);
        int got = Math.max(n, 0);
        while (got < want && dst.hasRemaining()) {
            if (position + got >= size) {
                dst.put((byte) 0);
                got++;
            } else {
                int m = channel.read(dst, offset + position + got);
                if (m <= 0) {
                    break;
                }
                got += m;
            }
        }
        if (got == 0 && want > 0) {
            return -1;
        }
        position += got;
        return got;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size() - offset;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        // the underlying channel belongs to the H5File
    }
}

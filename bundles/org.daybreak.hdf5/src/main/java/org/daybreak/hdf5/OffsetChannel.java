package org.daybreak.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only view of a file that starts {@code offset} bytes in. Used for files whose user block is not
 * reflected in the superblock's base address (e.g. the SLS NXstxm files: superblock at 32768, base address 0),
 * which jHDF refuses but HDF5 reads: seen through this view the superblock is at 0 and every address is right.
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

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst, offset + position);
        if (n > 0) {
            position += n;
        }
        return n;
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

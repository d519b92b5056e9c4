package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/**
 * Files are released when closed: opening, reading and closing a file 10,000 times leaves no open file descriptor
 * and no direct or mapped native buffer behind (measured on Linux through /proc/self/fd and the JVM's buffer pools;
 * the heap is not measured, it is the collector's to keep).
 */
class ResourceHygieneTest {

    private static long openDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long nativeBufferBytes() {
        long sum = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            sum += b.getMemoryUsed();
        }
        return sum;
    }

    @Test
    void tenThousandOpensAndClosesLeakNothing() throws Exception {
        assertTrue(Files.isDirectory(Path.of("/proc/self/fd")), "this test reads /proc/self/fd (Linux)");
        Path file = TestSupport.data("jhdf/test_file.hdf5");
        // one warm-up round so that class loading and lazily made pools are not counted as growth
        for (int i = 0; i < 200; i++) {
            openReadClose(file);
        }
        System.gc();
        long fds = openDescriptors();
        long buffers = nativeBufferBytes();
        for (int i = 0; i < 10_000; i++) {
            openReadClose(file);
        }
        System.gc();
        Thread.sleep(100);
        long fdsAfter = openDescriptors();
        long buffersAfter = nativeBufferBytes();
        assertTrue(fdsAfter <= fds + 2, "open file descriptors grew from " + fds + " to " + fdsAfter);
        assertTrue(buffersAfter <= buffers + (1 << 20), "native buffers grew from " + buffers + " to " + buffersAfter
                + " bytes");
    }

    private static void openReadClose(Path file) throws IOException {
        try (H5File f = H5File.open(file)) {
            NDArray a = f.dataset("/datasets_group/float/float32").read();
            assertTrue(a.size() > 0);
        }
    }

    @Test
    void failedOpensLeakNoDescriptor(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        byte[] good = Files.readAllBytes(TestSupport.data("jhdf/test_file.hdf5"));
        Path bad = tmp.resolve("truncated.h5");
        Files.write(bad, java.util.Arrays.copyOf(good, 700));
        long fds = openDescriptors();
        for (int i = 0; i < 2000; i++) {
            try (H5File f = H5File.open(bad)) {
                f.children("/");
            } catch (IOException expected) {
                // the file is refused; its channel must still be closed
            }
        }
        long after = openDescriptors();
        assertTrue(after <= fds + 2, "open file descriptors grew from " + fds + " to " + after
                + " after 2000 refused opens");
    }
}

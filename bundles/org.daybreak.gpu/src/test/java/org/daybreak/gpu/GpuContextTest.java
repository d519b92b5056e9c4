package org.daybreak.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contexts, buffers, pinned memory, streams, modules and launches on a real GPU (the test kernel scale.ptx: x *= f,
 * written for this test). Needs a usable CUDA GPU: where there is none, each test is reported as not run, with the
 * reason.
 */
class GpuContextTest {
    private GpuDevice device;

    @BeforeEach
    void needsAGpu() {
        GpuInventory inv = Gpus.inventory();
        Assumptions.assumeTrue(inv.usable(), () -> "NOT RUN: needs a usable CUDA GPU; here: " + inv.reason());
        device = inv.supportedDevices().get(0);
    }

    @Test
    void copiesAndLaunches() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 500.5f;
        }
        try (GpuContext c = GpuContext.open(device); GpuModule m = c.loadModule(GpuContextTest.class, "scale.ptx");
                DeviceBuffer b = c.allocate(4L * x.length)) {
            assertTrue(c.freeMemory() > 0);
            b.upload(x);
            m.launch("scale", new LaunchGeometry(LaunchGeometry.ceilDiv(x.length, 256), 1, 1, 256, 1, 1), 0, null, b,
                    2.5f, x.length);
            float[] y = new float[x.length];
            b.download(y);
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = x[i] * 2.5f;
            }
            assertArrayEquals(expected, y);
        }
    }

    @Test
    void pinnedBuffersAndStreams() {
        int n = 4096;
        try (GpuContext c = GpuContext.open(device); GpuStream s = c.createStream();
                PinnedBuffer in = c.allocatePinned(4L * n); PinnedBuffer out = c.allocatePinned(4L * n);
                DeviceBuffer d = c.allocate(4L * n); GpuModule m = c.loadModule(GpuContextTest.class, "scale.ptx")) {
            FloatBuffer f = in.buffer().asFloatBuffer();
            for (int i = 0; i < n; i++) {
                f.put(i, i);
            }
            d.uploadAsync(in, 0, 0, 4L * n, s);
            m.launch("scale", new LaunchGeometry(n / 256, 1, 1, 256, 1, 1), 0, s, d, -1f, n);
            d.downloadAsync(out, 0, 0, 4L * n, s);
            s.synchronize();
            ByteBuffer r = out.buffer();
            for (int i = 0; i < n; i++) {
                assertTrue(r.getFloat(4 * i) == -i, "element " + i);
            }
        }
    }

    @Test
    void errorsNameTheCallAndTheReason() {
        try (GpuContext c = GpuContext.open(device)) {
            GpuException oom = assertThrows(GpuException.class, () -> c.allocate(1L << 52));
            assertTrue(oom.getMessage().contains("cuMemAlloc"), oom.getMessage());
            GpuException bad = assertThrows(GpuException.class,
                    () -> c.loadModule("this is not PTX".getBytes(StandardCharsets.US_ASCII), "broken.ptx"));
            assertTrue(bad.getMessage().contains("broken.ptx"), bad.getMessage());
            GpuException missing = assertThrows(GpuException.class,
                    () -> c.loadModule(GpuContextTest.class, "nothing-here.ptx"));
            assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());
            try (GpuModule m = c.loadModule(GpuContextTest.class, "scale.ptx")) {
                GpuException kernel = assertThrows(GpuException.class, () -> m.launch("nope",
                        new LaunchGeometry(1, 1, 1, 1, 1, 1), 0, null));
                assertTrue(kernel.getMessage().contains("nope"), kernel.getMessage());
            }
        }
    }
}

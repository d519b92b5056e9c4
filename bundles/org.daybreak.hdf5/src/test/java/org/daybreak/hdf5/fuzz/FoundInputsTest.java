package org.daybreak.hdf5.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daybreak.hdf5.H5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files found by H5FileFuzzTest, kept as plain HDF5 files (small, derived from the shared test data by the fuzzer's
 * edits) because the fuzzer's own input bytes depend on the seed list.
 */
class FoundInputsTest {

    private static Path copy(Path dir, String name) throws IOException {
        try (InputStream in = FoundInputsTest.class.getResourceAsStream("found/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    /**
     * A version-1 object header (the root group's) whose size field points far past the end of a 5 KB file: jHDF
     * 0.13 repeated its short read at the same address until a buffer of the claimed size (up to 2 GiB) was full,
     * minutes of work. OffsetChannel refuses reads far past the end, and HeaderCheck now refuses the root header's
     * claimed size before jHDF allocates it (the message says so); the minute is only a hang guard.
     */
    @Test
    void objectHeaderSizePastTheEndIsRefused(@TempDir Path tmp) throws Exception {
        Path f = copy(tmp, "v1-header-size-past-eof.h5");
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> {
            try (H5File h = H5File.open(f)) {
                h.attributes("/");
            }
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 60_000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("root group") && e.getMessage().contains("past the end of the file"),
                e.getMessage());
    }

    /**
     * Version-1 symbol-table children whose object headers claim about 2 GiB in a 2 KB file (H5FileFuzzTest,
     * 20 s of CPU per listing before: jHDF allocated each claimed buffer while building the group, then again per
     * child in the link-by-link listing). The group now lists with those children unreadable, each with the reason,
     * and the others readable.
     */
    @Test
    void childHeadersClaimingPastTheEndAreUnreadableNotAllocated(@TempDir Path tmp) throws Exception {
        Path f = copy(tmp, "child-headers-size-past-eof.h5");
        assertChildUnreadablePastTheEnd(f);
    }

    /**
     * The same for a version-2 object header ("OHDR", superblock v3 file of jHDF's test data): a child's chunk-0
     * size field made 4 bytes wide and set to 2^31-1.
     */
    @Test
    void version2ChildHeaderClaimingPastTheEndIsUnreadable(@TempDir Path tmp) throws Exception {
        Path src = org.daybreak.testing.fuzz.FuzzHarness.testdata().resolve("jhdf/float_special_values_latest.hdf5");
        byte[] b = Files.readAllBytes(src);
        int root = -1;
        int child = -1;
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == 'O' && b[i + 1] == 'H' && b[i + 2] == 'D' && b[i + 3] == 'R') {
                if (root < 0) {
                    root = i;
                } else {
                    child = i;
                    break;
                }
            }
        }
        assertTrue(child > 0, "no child object header in " + src);
        int flags = b[child + 5] & 0xff;
        int at = child + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        b[child + 5] = (byte) ((flags & ~3) | 2);
        b[at] = (byte) 0xff;
        b[at + 1] = (byte) 0xff;
        b[at + 2] = (byte) 0xff;
        b[at + 3] = (byte) 0x7f;
        Path f = tmp.resolve("v2-child-size.h5");
        Files.write(f, b);
        assertChildUnreadablePastTheEnd(f);
    }

    /** A group's local heap claiming 1.7 GB in a 1.4 KB file: the listing fails with one message, nothing allocated. */
    @Test
    void localHeapClaimingPastTheEndIsRefused(@TempDir Path tmp) throws Exception {
        Path f = copy(tmp, "local-heap-size-past-eof.h5");
        IOException e = assertThrows(IOException.class, () -> {
            try (H5File h = H5File.open(f)) {
                h.children("/");
            }
        });
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("local heap")
                && e.getMessage().contains("past the end of the file"), e.getMessage());
    }

    /**
     * A chunked compound dataset (read through jHDF) whose chunk index claims a chunk far larger than the file: jHDF
     * allocated the claimed size per chunk (5.4 s of CPU, H5FileFuzzTest in tests/run's fuzz round). Now refused
     * before jHDF reads, with the reason.
     */
    @Test
    void compoundChunkClaimingPastTheEndIsRefused(@TempDir Path tmp) throws Exception {
        Path f = copy(tmp, "compound-chunk-size-past-eof.h5");
        try (H5File h = H5File.open(f)) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> h.dataset("/CompoundChunked").read());
            assertTrue(e.getMessage().contains("past the end of the file") && e.getMessage().contains("chunk"),
                    e.getMessage());
        }
    }

    /** A compound member whose size claims more than the compound holds: refused before jHDF allocates it. */
    @Test
    void compoundMemberLargerThanTheCompoundIsRefused(@TempDir Path tmp) throws Exception {
        Path f = copy(tmp, "compound-member-larger-than-compound.h5");
        try (H5File h = H5File.open(f)) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> h.dataset("/CompoundChunked").read());
            assertTrue(e.getMessage().contains("compound member") && e.getMessage().contains("damaged datatype"),
                    e.getMessage());
        }
    }

    /** An LZ4 chunk whose header claims 2 GB for a small chunk: refused before the output is allocated. */
    @Test
    void lz4ChunkClaimingMoreThanLz4CanExpandToIsRefused(@TempDir Path tmp) throws Exception {
        Path f = copy(tmp, "lz4-size-past-ratio.h5");
        try (H5File h = H5File.open(f)) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> h.dataset("/float32_bs64").read());
            assertTrue(e.getMessage().contains("lz4") && e.getMessage().contains("more than LZ4 can expand"),
                    e.getMessage());
        }
    }

    private static void assertChildUnreadablePastTheEnd(Path f) throws IOException {
        java.util.List<String> reasons = new java.util.ArrayList<>();
        int readable = 0;
        try (H5File h = H5File.open(f)) {
            for (org.daybreak.hdf5.H5Node n : h.children("/")) {
                String why = n.isBroken() ? n.problem() : null;
                if (why == null && n.isDataset()) {
                    try {
                        why = h.dataset(n.path()).unreadableReason();
                    } catch (IOException e) {
                        why = e.getMessage(); // an unreadable child: the file, the path and the reason
                    }
                }
                if (why != null) {
                    reasons.add(n.name() + ": " + why);
                } else {
                    readable++;
                }
            }
        }
        assertTrue(reasons.stream().anyMatch(r -> r.contains("past the end of the file")), reasons.toString());
        assertTrue(readable > 0, "no child left readable: " + reasons);
    }
}

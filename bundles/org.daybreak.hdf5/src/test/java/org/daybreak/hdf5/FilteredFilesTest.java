package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.io.Npy;
import org.daybreak.core.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every filter against files written at test time by h5py + hdf5plugin (write_filtered.py): deflate, shuffle,
 * fletcher32, szip (NN and EC, padded scanlines, zero-block runs, second extension), LZO (chunks from the LZO
 * library through python-lzo, with and without PyTables' checksum trailer), LZF, LZ4, bzip2, Blosc (BloscLZ, LZ4, LZ4HC, zlib, zstd; no shuffle, byte shuffle, bitshuffle) and
 * bitshuffle with and without LZ4 (chunks encoded by a NumPy reference, as Debian's hdf5plugin has no bitshuffle
 * encoder), on awkward shapes with partial edge chunks; every element is compared with the original array.
 */
class FilteredFilesTest {
    @TempDir
    static Path dir;
    static List<String> names;

    @BeforeAll
    static void write() throws Exception {
        String out = TestSupport.python(dir, TestSupport.resource("write_filtered.py"));
        assertTrue(Integer.parseInt(out.strip()) > 100);
        names = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(Files.readString(dir.resolve("manifest.json")))) {
            names.add((String) o);
        }
    }

    @Test
    void everyDatasetMatchesItsOriginal() throws Exception {
        List<String> bad = new ArrayList<>();
        try (H5File f = H5File.open(dir.resolve("filtered.h5"))) {
            for (String name : names) {
                NDArray expected = Npy.read(dir.resolve(name + ".npy"));
                H5Dataset d = f.dataset("/" + name);
                NDArray got = d.read();
                if (!got.contentEquals(expected)) {
                    bad.add(name + " " + d.filters() + " whole read differs");
                    continue;
                }
                if (expected.rank() == 2) {
                    SliceSpec s = SliceSpec.parse("3:30:2,-500:");
                    if (!d.read(s).contentEquals(expected.slice(s).copy())) {
                        bad.add(name + " slice 3:30:2,-500: differs");
                    }
                    SliceSpec back = SliceSpec.parse("::-3,17");
                    if (!d.read(back).contentEquals(expected.slice(back).copy())) {
                        bad.add(name + " slice ::-3,17 differs");
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " of " + names.size() + " datasets differ:\n" + String.join("\n", bad));
    }

    /**
     * The copy-free path ({@link H5Dataset#readBytes}: decoded chunks straight into a byte buffer, as {@code h5 get}
     * does into a mapped .npy) against the array read, byte for byte in the file's order, for every filter, whole
     * and sliced. The bitshuffle datasets are left to {@link #everyDatasetMatchesItsOriginal}: their chunks are
     * written by write_filtered.py's own encoder, whose filter parameters the Python bitshuffle plugin rewrites
     * where it is installed; the copy into the output is the same code for every filter.
     */
    @Test
    void rawBytesEqualTheArrayReadForEveryFilter() throws Exception {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        try (H5File f = H5File.open(dir.resolve("filtered.h5"))) {
            for (String name : names) {
                H5Dataset d = f.dataset("/" + name);
                if (!d.bytesReadable() || name.startsWith("bitshuffle")) {
                    continue;
                }
                for (String spec : new String[] {"...", "3:30:2,-500:", "::-3,17"}) {
                    if (!spec.equals("...") && d.shape().length != 2) {
                        continue;
                    }
                    SliceSpec s = SliceSpec.parse(spec);
                    NDArray expected = d.read(s);
                    java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(expected.size() * d.elementSize());
                    long n = d.readBytes(s, raw);
                    java.nio.ByteBuffer want = java.nio.ByteBuffer.allocate(raw.capacity()).order(d.byteOrder());
                    for (int k = 0; k < expected.size(); k++) {
                        switch (d.elementSize()) {
                            case 1 -> want.put((byte) expected.getLongFlat(k));
                            case 2 -> want.putShort((short) (expected.dtype().isFloat()
                                    ? org.daybreak.core.data.Half.fromFloat((float) expected.getDoubleFlat(k))
                                    : expected.getLongFlat(k)));
                            case 4 -> {
                                if (expected.dtype().isFloat()) {
                                    want.putFloat((float) expected.getDoubleFlat(k));
                                } else {
                                    want.putInt((int) expected.getLongFlat(k));
                                }
                            }
                            default -> {
                                if (expected.dtype().isFloat()) {
                                    want.putDouble(expected.getDoubleFlat(k));
                                } else {
                                    want.putLong(expected.getLongFlat(k));
                                }
                            }
                        }
                    }
                    checked++;
                    if (n != raw.capacity() || !java.util.Arrays.equals(want.array(), raw.array())) {
                        bad.add(name + " [" + spec + "] raw bytes differ from the array read");
                    }
                }
            }
        }
        assertTrue(checked > 10, "only " + checked + " raw reads checked");
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void filtersAreNamedInPipelineOrder() throws Exception {
        try (H5File f = H5File.open(dir.resolve("filtered.h5"))) {
            assertEquals(List.of("shuffle", "deflate"), f.dataset("/shuffle_gzip_le_f4").filters());
            assertEquals(List.of("shuffle", "deflate", "fletcher32"),
                    f.dataset("/fletcher_shuffle_gzip_be_f8").filters());
            assertEquals(List.of("blosc"), f.dataset("/blosc_zstd_1_le_u4").filters());
            assertEquals(List.of("bitshuffle"), f.dataset("/bitshuffle_lz4_0_u1").filters());
            assertEquals(List.of("lzf"), f.dataset("/lzf_u1").filters());
            assertEquals(List.of("lz4"), f.dataset("/lz4_u1").filters());
            assertEquals(List.of("bzip2"), f.dataset("/bzip2_u1").filters());
            assertEquals(List.of("szip"), f.dataset("/szip_nn_le_i2").filters());
            assertEquals(List.of("lzo"), f.dataset("/lzo_trailer_le_u4").filters());
        }
    }

    @Test
    void corruptChecksumIsAnErrorNotWrongValues() throws Exception {
        Path copy = dir.resolve("corrupt.h5");
        Files.copy(dir.resolve("filtered.h5"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long address;
        int size;
        try (H5File f = H5File.open(copy)) {
            H5Dataset d = f.dataset("/fletcher_le_u4");
            io.jhdf.dataset.chunked.Chunk c = JhdfAccess.chunks(d.jhdf()).iterator().next();
            address = c.getAddress();
            size = c.getSize();
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(copy,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, address + size / 2);
            b.put(0, (byte) (b.get(0) ^ 0x55));
            b.position(0);
            ch.write(b, address + size / 2);
        }
        try (H5File f = H5File.open(copy)) {
            java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.io.UncheckedIOException.class, () -> f.dataset("/fletcher_le_u4").read());
            assertTrue(e.getMessage().contains("fletcher32"), e.getMessage());
        }
    }

    @Test
    void szipAndLzoChunksDecodeExactlyAndDamagedOnesFailCleanly() throws Exception {
        List<?> chunks = (List<?>) Json.parse(Files.readString(dir.resolve("raw_chunks.json")));
        assertEquals(9, chunks.size());
        java.util.Random rnd = new java.util.Random(99);
        int failures = 0;
        for (Object o : chunks) {
            java.util.Map<?, ?> c = (java.util.Map<?, ?>) o;
            String name = (String) c.get("name");
            org.daybreak.hdf5.filter.ChunkFilter filter = org.daybreak.hdf5.filter.Filters
                    .get(((Number) c.get("filter")).intValue());
            int[] cd = ((List<?>) c.get("cd")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            byte[] coded = Files.readAllBytes(dir.resolve("raw_" + name + ".bin"));
            byte[] expected = Files.readAllBytes(dir.resolve("raw_" + name + ".out"));
            assertTrue(java.util.Arrays.equals(expected, filter.decode(coded, cd, expected.length)), name);
            assertTrue(java.util.Arrays.equals(expected, filter.decode(coded, cd, -1)), name + " (size unknown)");
            // truncated, bit-flipped and overwritten chunks: a result or an IOException, never another exception
            for (int trial = 0; trial < 300; trial++) {
                byte[] bad = coded.clone();
                switch (trial % 3) {
                    case 0 -> bad = java.util.Arrays.copyOf(coded, rnd.nextInt(coded.length));
                    case 1 -> bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
                    default -> {
                        int at = rnd.nextInt(bad.length);
                        for (int k = at; k < Math.min(bad.length, at + 16); k++) {
                            bad[k] = (byte) rnd.nextInt(256);
                        }
                    }
                }
                try {
                    filter.decode(bad, cd, trial % 2 == 0 ? expected.length : -1);
                } catch (java.io.IOException e) {
                    assertTrue(e.getMessage().startsWith(filter.name() + " data is corrupt"), e.getMessage());
                    failures++;
                }
            }
        }
        assertTrue(failures > 300, "damaged chunks were detected " + failures + " times");
    }
}

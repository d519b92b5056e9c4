package org.daybreak.hdf5.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.hdf5.nexus.NexusData;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: whole HDF5 files through Daybreak's reader (H5File over jHDF plus Daybreak's chunk engine and
 * filters): superblock, object headers, links (soft, external, cyclic), B-trees and chunk indexes, local and global
 * heaps, every filter's decoder, virtual dataset mappings, attributes, NeXus default-plot discovery. Seeds: the
 * small HDF5 files of the shared test data, edited by {@link FuzzHarness#mutate}.
 * Allowed: IOException (H5File's contract), UncheckedIOException and IllegalArgumentException (H5Dataset.read).
 */
class H5FileFuzzTest {
    private static final List<byte[]> SEEDS = FuzzHarness.seeds(".", 60, 64 * 1024, ".h5", ".hdf5", ".nxs");
    private static final Path DIR = folder();

    private static Path folder() {
        try {
            Path shm = Path.of("/dev/shm");
            Path d = Files.isWritable(shm) ? Files.createTempDirectory(shm, "h5fuzz") : Files.createTempDirectory("h5fuzz");
            d.toFile().deleteOnExit();
            d.resolve("input.h5").toFile().deleteOnExit(); // deleted before its folder (reverse order)
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void openWalkAndRead(FuzzedDataProvider data) throws IOException {
        byte[] bytes = FuzzHarness.mutate(SEEDS, data);
        Path file = DIR.resolve("input.h5");
        Files.write(file, bytes);
        FuzzHarness.check(() -> walk(file), IOException.class, UncheckedIOException.class,
                IllegalArgumentException.class, InputException.class);
    }

    /** What the Data Browser and {@code h5 tree/get/nexus} do with a file: list, read attributes and datasets. */
    static void walk(Path file) throws IOException {
        try (H5File f = H5File.open(file)) {
            Deque<String> todo = new ArrayDeque<>(List.of("/"));
            int visited = 0;
            f.attributes("/");
            while (!todo.isEmpty() && visited < 300) {
                String g = todo.pop();
                for (H5Node n : f.children(g)) {
                    visited++;
                    if (n.isBroken()) {
                        continue;
                    }
                    if (n.isGroup() && !n.isLink()) {
                        todo.push(n.path());
                        n.attributes();
                    } else if (n.isDataset()) {
                        readSome(f, n.path());
                    }
                }
            }
            try {
                NexusData.findDefault(f);
            } catch (RuntimeException e) {
                if (!(e instanceof IllegalArgumentException || e instanceof UncheckedIOException)) {
                    throw e;
                }
            }
        }
    }

    private static void readSome(H5File f, String path) throws IOException {
        H5Dataset d = f.dataset(path);
        d.attributes();
        if (d.unreadableReason() != null || d.isEmpty()) {
            return;
        }
        if (d.size() <= 200_000) {
            d.read();
        } else {
            d.read(org.daybreak.core.data.SliceSpec.parse("0"));
        }
    }
}

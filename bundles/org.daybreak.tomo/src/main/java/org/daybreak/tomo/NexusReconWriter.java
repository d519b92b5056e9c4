package org.daybreak.tomo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;

/** NeXus output of a reconstruction (placeholder until org.daybreak.hdf5's writer is available). */
final class NexusReconWriter {
    private NexusReconWriter() {
    }

    static void write(Path out, NDArray volume, Map<String, Object> meta) throws IOException {
        throw new InputException("NeXus output (" + out + ") needs the org.daybreak.hdf5 bundle; write .npy instead");
    }
}

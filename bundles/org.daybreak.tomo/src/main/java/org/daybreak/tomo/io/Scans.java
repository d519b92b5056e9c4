package org.daybreak.tomo.io;

import java.nio.file.Files;
import java.nio.file.Path;

import org.daybreak.core.cli.InputException;

/** Opens a scan by what it is: a folder of TIFFs, or an HDF5 file (NXtomo or APS DataExchange). */
public final class Scans {
    private Scans() {
    }

    /**
     * @param angles angles file (TIFF folders: required; HDF5: overrides the file's angles), or null
     * @param darks  dark TIFF file/folder for TIFF folders, or null
     * @param flats  flat TIFF file/folder for TIFF folders, or null
     */
    public static ProjectionSource open(Path input, Path angles, Path darks, Path flats) {
        if (Files.isDirectory(input)) {
            return new TiffFolderSource(input, angles, darks, flats);
        }
        if (!Files.isRegularFile(input)) {
            throw new InputException("scan " + input + " does not exist");
        }
        return H5ScanSource.open(input, angles);
    }
}

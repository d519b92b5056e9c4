package org.daybreak.fits.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.fits.FitsFile;
import org.daybreak.fits.FitsHdu;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: FITS files (random groups as in UVFITS, images, binary tables) through {@link FitsFile}: open, list
 * every HDU's header and datasets, read each small dataset. Seeds: the first blocks of the shared test data's UVFITS
 * file and a small image and binary table written here at class load. Allowed: IOException (open),
 * IllegalArgumentException, UncheckedIOException and InputException (reads).
 */
class FitsFuzzTest {
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] uv : FuzzHarness.seeds("radio/pyuvdata", 1, Integer.MAX_VALUE, ".uvfits")) {
            out.add(java.util.Arrays.copyOf(uv, Math.min(uv.length, 2880 * 12)));
        }
        out.add(fits(List.of("SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
                "NAXIS1  =                    4", "NAXIS2  =                    3", "BSCALE  =                  1.0"), 48));
        byte[] primary = fits(List.of("SIMPLE  =                    T", "BITPIX  =                    8",
                "NAXIS   =                    0", "EXTEND  =                    T"), 0);
        byte[] table = fits(List.of("XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                "NAXIS1  =                   14", "NAXIS2  =                    3", "PCOUNT  =                    0",
                "GCOUNT  =                    1", "TFIELDS =                    3", "TTYPE1  = 'TIME    '",
                "TFORM1  = '1D      '", "TTYPE2  = 'FLUX    '", "TFORM2  = '1E      '", "TTYPE3  = 'NAME    '",
                "TFORM3  = '2A      '", "EXTNAME = 'EVENTS  '"), 42);
        byte[] both = java.util.Arrays.copyOf(primary, primary.length + table.length);
        System.arraycopy(table, 0, both, primary.length, table.length);
        out.add(both);
        return out;
    }

    /** A FITS header of the given cards (padded to 80 characters, END added) and a zero data unit. */
    private static byte[] fits(List<String> cards, int dataBytes) {
        StringBuilder h = new StringBuilder();
        for (String c : cards) {
            h.append(String.format("%-80s", c));
        }
        h.append(String.format("%-80s", "END"));
        while (h.length() % 2880 != 0) {
            h.append(' ');
        }
        int data = (dataBytes + 2879) / 2880 * 2880;
        byte[] out = new byte[h.length() + data];
        System.arraycopy(h.toString().getBytes(StandardCharsets.US_ASCII), 0, out, 0, h.length());
        return out;
    }

    private static final Path FILE = temp();

    private static Path temp() {
        try {
            Path f = Files.createTempFile("fitsfuzz", ".fits");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "15s")
    void openAndRead(FuzzedDataProvider data) throws IOException {
        Files.write(FILE, FuzzHarness.mutate(SEEDS, data));
        FuzzHarness.check(() -> {
            try (FitsFile f = FitsFile.open(FILE)) {
                for (FitsHdu h : f.hdus()) {
                    h.header();
                    for (LazyDataset d : h.datasets().values()) {
                        if (d.size() <= 200_000) {
                            d.read();
                        }
                    }
                }
            }
        }, IOException.class, IllegalArgumentException.class, UncheckedIOException.class, InputException.class);
    }
}

package org.daybreak.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written here byte by byte after FITS 4.0 (cards padded to 80 characters, blocks to 2880 bytes, big-endian
 * data) exercise what the MWA file does not: images with BZERO/BSCALE/BLANK, every binary-table type, long strings,
 * slices with steps, and the errors for non-FITS and truncated files.
 */
class FitsSyntheticTest {
    @TempDir
    Path dir;

    /** Header cards: each a full 80-character card; END and block padding added by {@link #header}. */
    static byte[] header(String... cards) {
        StringBuilder b = new StringBuilder();
        for (String c : cards) {
            b.append(String.format("%-80s", c));
        }
        b.append(String.format("%-80s", "END"));
        while (b.length() % 2880 != 0) {
            b.append(' ');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] padData(ByteBuffer b) {
        byte[] d = Arrays.copyOf(b.array(), b.position());
        return Arrays.copyOf(d, (d.length + 2879) / 2880 * 2880);
    }

    static String kv(String k, String v) {
        return String.format("%-8s= %20s", k, v);
    }

    static String ks(String k, String v) {
        return String.format("%-8s= '%-8s'", k, v.replace("'", "''"));
    }

    @Test
    void imagesAndTables() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        // primary: 3-D float64 image [NAXIS3=2][NAXIS2=3][NAXIS1=4], value = 100 z + 10 y + x
        file.write(header(kv("SIMPLE", "T"), kv("BITPIX", "-64"), kv("NAXIS", "3"), kv("NAXIS1", "4"),
                kv("NAXIS2", "3"), kv("NAXIS3", "2"), kv("EXTEND", "T"),
                "LONGSTR = 'abc&'               / first part",
                "CONTINUE  'def&'", "CONTINUE  'ghi'", "HISTORY made by a test", "HISTORY second line",
                ks("QUOTE", "it's"), kv("CPLX", "(1.5, -2)"), kv("BIGD", "1.25D3"), "UNDEF   =  / no value"));
        ByteBuffer p = ByteBuffer.allocate(2 * 3 * 4 * 8);
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    p.putDouble(100 * z + 10 * y + x);
                }
            }
        }
        file.write(padData(p));
        // IMAGE extension: unsigned 16-bit through BZERO = 32768, [NAXIS2=2][NAXIS1=3]
        file.write(header(ks("XTENSION", "IMAGE"), kv("BITPIX", "16"), kv("NAXIS", "2"), kv("NAXIS1", "3"),
                kv("NAXIS2", "2"), kv("PCOUNT", "0"), kv("GCOUNT", "1"), kv("BZERO", "32768"), ks("EXTNAME", "U16")));
        ByteBuffer u = ByteBuffer.allocate(12);
        for (int v : new int[] {0, 1, 65535, 32768, 40000, 7}) {
            u.putShort((short) (v - 32768));
        }
        file.write(padData(u));
        // IMAGE extension: scaled int16 with BLANK -> float64 with NaN
        file.write(header(ks("XTENSION", "IMAGE"), kv("BITPIX", "16"), kv("NAXIS", "1"), kv("NAXIS1", "4"),
                kv("PCOUNT", "0"), kv("GCOUNT", "1"), kv("BSCALE", "0.5"), kv("BZERO", "10.0"), kv("BLANK", "-1"),
                ks("EXTNAME", "SCALED")));
        ByteBuffer sc = ByteBuffer.allocate(8);
        for (int v : new int[] {0, 2, -1, 100}) {
            sc.putShort((short) v);
        }
        file.write(padData(sc));
        // BINTABLE: L, 2B, I, J, K, 2E, D, 5A, 12X, C, I with TZERO 32768, J with TSCAL
        String[] forms = {"1L", "2B", "1I", "1J", "1K", "2E", "1D", "5A", "12X", "1C", "1I", "1J"};
        int rowBytes = 1 + 2 + 2 + 4 + 8 + 8 + 8 + 5 + 2 + 8 + 2 + 4;
        int nrows = 3;
        List<String> cards = new java.util.ArrayList<>(List.of(ks("XTENSION", "BINTABLE"), kv("BITPIX", "8"),
                kv("NAXIS", "2"), kv("NAXIS1", "" + rowBytes), kv("NAXIS2", "" + nrows), kv("PCOUNT", "0"),
                kv("GCOUNT", "1"), kv("TFIELDS", "" + forms.length), ks("EXTNAME", "TAB/1")));
        for (int i = 0; i < forms.length; i++) {
            cards.add(ks("TFORM" + (i + 1), forms[i]));
            if (i != 3 && i < 10) {
                cards.add(ks("TTYPE" + (i + 1), "c" + forms[i]));
            }
        }
        cards.add(ks("TTYPE11", "u16"));
        cards.add(ks("TTYPE12", "scaled"));
        cards.add(kv("TZERO11", "32768"));
        cards.add(kv("TSCAL12", "0.25"));
        cards.add(kv("TZERO12", "1.0"));
        cards.add(ks("TUNIT7", "m"));
        file.write(header(cards.toArray(String[]::new)));
        ByteBuffer t = ByteBuffer.allocate(rowBytes * nrows);
        for (int r = 0; r < nrows; r++) {
            t.put((byte) (r == 1 ? 'T' : 'F'));
            t.put((byte) (200 + r)).put((byte) r);
            t.putShort((short) (-r - 1));
            t.putInt(100000 * r);
            t.putLong(Long.MAX_VALUE - r);
            t.putFloat(r + 0.5f).putFloat(-r);
            t.putDouble(Math.PI * r);
            t.put(("ab" + r + "  ").getBytes(StandardCharsets.US_ASCII));
            t.put((byte) 0b10100000).put((byte) (0xF0 | r));
            t.putFloat(r).putFloat(-2f * r);
            t.putShort((short) (r * 30000 - 32768));
            t.putInt(r * 4);
        }
        file.write(padData(t));
        Path f = dir.resolve("synthetic.fits");
        Files.write(f, file.toByteArray());

        assertTrue(FitsFile.isFits(f));
        try (FitsFile fits = FitsFile.open(f)) {
            assertEquals(List.of("PRIMARY", "U16", "SCALED", "TAB_1"),
                    fits.hdus().stream().map(FitsHdu::name).toList());
            FitsHdu prim = fits.hdus().get(0);
            assertEquals(FitsHdu.Kind.PRIMARY, prim.kind());
            assertEquals("abcdefghi", prim.header().get("LONGSTR"));
            assertEquals(List.of("made by a test", "second line"), prim.header().get("HISTORY"));
            assertEquals("it's", prim.header().get("QUOTE"));
            assertEquals(List.of(1.5, -2.0), prim.header().get("CPLX"));
            assertEquals(1250.0, prim.header().get("BIGD"));
            assertTrue(prim.header().containsKey("UNDEF"));
            assertEquals(null, prim.header().get("UNDEF"));
            LazyDataset img = prim.dataset("data");
            assertArrayEquals(new int[] {2, 3, 4}, img.shape());
            assertEquals(DType.FLOAT64, img.dtype());
            NDArray all = img.read();
            for (int z = 0; z < 2; z++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals(100 * z + 10 * y + x, all.getDouble(z, y, x));
                    }
                }
            }
            NDArray s = img.read("::-1,1,::3");
            assertArrayEquals(new int[] {2, 2}, s.shape());
            assertArrayEquals(new double[] {110, 113, 10, 13}, s.toDoubleArray());
            assertArrayEquals(new double[] {123}, new double[] {img.read("1,2,3").getDouble()});
            assertArrayEquals(new int[] {0, 3, 4}, img.read("5:,:,:").shape());

            LazyDataset u16 = fits.dataset("/U16/data");
            assertEquals(DType.UINT16, u16.dtype());
            assertArrayEquals(new double[] {0, 1, 65535, 32768, 40000, 7}, u16.read().toDoubleArray());
            LazyDataset scaled = fits.dataset("/SCALED/data");
            assertEquals(DType.FLOAT64, scaled.dtype());
            double[] sv = scaled.read().toDoubleArray();
            assertEquals(10.0, sv[0]);
            assertEquals(11.0, sv[1]);
            assertTrue(Double.isNaN(sv[2]));
            assertEquals(60.0, sv[3]);

            FitsHdu tab = fits.hdu("TAB_1");
            assertEquals(List.of("c1L", "c2B", "c1I", "col4", "c1K", "c2E", "c1D", "c5A", "c12X", "c1C", "u16",
                    "scaled"), List.copyOf(tab.datasets().keySet()));
            assertEquals("m", tab.units().get("c1D"));
            NDArray l = tab.dataset("c1L").read();
            assertEquals(DType.BOOL, l.dtype());
            assertArrayEquals(new double[] {0, 1, 0}, l.toDoubleArray());
            NDArray b = tab.dataset("c2B").read();
            assertEquals(DType.UINT8, b.dtype());
            assertArrayEquals(new int[] {3, 2}, b.shape());
            assertArrayEquals(new double[] {200, 0, 201, 1, 202, 2}, b.toDoubleArray());
            assertArrayEquals(new double[] {-1, -2, -3}, tab.dataset("c1I").read().toDoubleArray());
            assertEquals(DType.INT16, tab.dataset("c1I").dtype());
            assertArrayEquals(new double[] {0, 100000, 200000}, tab.dataset("col4").read().toDoubleArray());
            NDArray k = tab.dataset("c1K").read();
            assertEquals(DType.INT64, k.dtype());
            assertEquals(Long.MAX_VALUE - 2, ((long[]) k.data())[2]);
            assertArrayEquals(new double[] {0.5, 0, 1.5, -1, 2.5, -2}, tab.dataset("c2E").read().toDoubleArray());
            assertArrayEquals(new double[] {Math.PI}, tab.dataset("c1D").read("1:2").toDoubleArray());
            NDArray a = tab.dataset("c5A").read();
            assertEquals("ab2", a.getString(2));
            NDArray x = tab.dataset("c12X").read();
            assertArrayEquals(new int[] {3, 2}, x.shape());
            assertArrayEquals(new double[] {0xA0, 0xF1}, x.slice("1").copy().toDoubleArray());
            NDArray c = tab.dataset("c1C").read();
            assertArrayEquals(new int[] {3, 2}, c.shape());
            assertArrayEquals(new double[] {2, -4}, c.slice("2").copy().toDoubleArray());
            NDArray uu = tab.dataset("u16").read();
            assertEquals(DType.UINT16, uu.dtype());
            assertArrayEquals(new double[] {0, 30000, 60000}, uu.toDoubleArray());
            NDArray sc2 = tab.dataset("scaled").read();
            assertEquals(DType.FLOAT64, sc2.dtype());
            assertArrayEquals(new double[] {1, 2, 3}, sc2.toDoubleArray());
        }
    }

    @Test
    void stridedReadsMatchAFullRead() throws Exception {
        // random slices of a random image agree with slicing the whole array in memory
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(header(kv("SIMPLE", "T"), kv("BITPIX", "32"), kv("NAXIS", "3"), kv("NAXIS1", "7"),
                kv("NAXIS2", "5"), kv("NAXIS3", "6")));
        Random rnd = new Random(3);
        ByteBuffer d = ByteBuffer.allocate(7 * 5 * 6 * 4);
        for (int i = 0; i < 7 * 5 * 6; i++) {
            d.putInt(rnd.nextInt());
        }
        file.write(padData(d));
        file.write(new byte[100]); // stray bytes after the last HDU are not an HDU (FITS 4.0 section 3.5)
        Path f = dir.resolve("ints.fits");
        Files.write(f, file.toByteArray());
        try (FitsFile fits = FitsFile.open(f)) {
            assertEquals(1, fits.hdus().size());
            LazyDataset ds = fits.dataset("/PRIMARY/data");
            NDArray whole = ds.read();
            assertEquals(DType.INT32, whole.dtype());
            for (int trial = 0; trial < 200; trial++) {
                StringBuilder sel = new StringBuilder();
                int[] n = {6, 5, 7};
                for (int ax = 0; ax < 3; ax++) {
                    if (ax > 0) {
                        sel.append(',');
                    }
                    int kind = rnd.nextInt(3);
                    if (kind == 0) {
                        sel.append(rnd.nextInt(n[ax]) - (rnd.nextBoolean() ? n[ax] : 0));
                    } else {
                        int st = (rnd.nextInt(3) + 1) * (kind == 2 ? -1 : 1);
                        sel.append(rnd.nextInt(n[ax] + 2) - 1).append(':').append(rnd.nextInt(n[ax] + 2) - 1)
                                .append(':').append(st);
                    }
                }
                NDArray expected = whole.slice(sel.toString()).copy();
                NDArray got = ds.read(sel.toString());
                assertArrayEquals(expected.shape(), got.shape(), sel.toString());
                assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), sel.toString());
            }
        }
    }

    @Test
    void badFilesGiveOneSentence() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, not a FITS file at all");
        assertFalse(FitsFile.isFits(text));
        IOException e = assertThrows(IOException.class, () -> FitsFile.open(text));
        assertEquals(text + " is not a FITS file (it does not start with 'SIMPLE  =')", e.getMessage());

        byte[] full = Files.readAllBytes(FitsFileTest.uvfits());
        Path cut = dir.resolve("cut.uvfits");
        Files.write(cut, Arrays.copyOf(full, 100000));
        e = assertThrows(IOException.class, () -> FitsFile.open(cut));
        assertTrue(e.getMessage().startsWith(cut + " is truncated: HDU 0 (PRIMARY) needs 1495552 data bytes"),
                e.getMessage());
        Path noEnd = dir.resolve("noend.fits");
        Files.write(noEnd, Arrays.copyOf(full, 2880));
        e = assertThrows(IOException.class, () -> FitsFile.open(noEnd));
        assertTrue(e.getMessage().contains("has no END card"), e.getMessage());
        e = assertThrows(IOException.class, () -> FitsFile.open(dir.resolve("missing.fits")));
        assertTrue(e.getMessage().endsWith("missing.fits: no such file"));
    }
}

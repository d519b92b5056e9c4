package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dataset (numbers, booleans, enums, complex, arrays, strings) of every HDF5 file in the shared test data,
 * read by Daybreak and compared element by element with h5py's read (dump_datasets.py). Where h5py itself cannot
 * read a dataset (a missing filter), Daybreak must fail with a message rather than return values.
 */
class RealFilesDataTest {

    /**
     * jHDF misreads the shared datatype of these (it sees a 3-byte "time" type); Daybreak refuses to read them.
     * Also refused with a reason, never decoded: virtual datasets whose mappings Daybreak cannot resolve.
     */
    private static final List<String> JHDF_TYPE_DEFECT = List.of("isssue-523.hdf5");

    @Test
    void everyDatasetMatchesH5py(@TempDir Path tmp) throws IOException {
        List<String> files = new ArrayList<>();
        for (Path p : RealFilesTreeTest.allFiles()) {
            String n = p.getFileName().toString();
            if (!n.equals("times-nested-be.h5") && !n.equals("test_byteshuffle_compressed_datasets_latest.hdf5")) {
                files.add(p.toString());
            }
        }
        String out = TestSupport.python(tmp, TestSupport.resource("dump_datasets.py"), files.toArray(new String[0]));
        Map<String, H5File> open = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int compared = 0;
        int refused = 0;
        try {
            for (String line : out.strip().split("\n")) {
                List<?> rec = (List<?>) Json.parse(line);
                String file = (String) rec.get(0);
                String path = (String) rec.get(1);
                String npy = (String) rec.get(2);
                String kind = (String) rec.get(3);
                H5File f = open.get(file);
                if (f == null) {
                    f = H5File.open(Path.of(file));
                    open.put(file, f);
                }
                NDArray got;
                try {
                    got = f.dataset(path).read();
                } catch (IOException | RuntimeException e) {
                    if (npy == null || JHDF_TYPE_DEFECT.stream().anyMatch(file::endsWith)
                            || e.getMessage().contains("virtual dataset")) {
                        refused++;
                        continue;
                    }
                    problems.add(file + " " + path + ": " + e.getMessage());
                    continue;
                }
                if (npy == null) {
                    continue; // h5py cannot read it (e.g. LZO, Blosc2 on Debian): nothing to compare with
                }
                String why = kind.equals("text") ? compareText(got, tmp.resolve(npy))
                        : kind.equals("bytes") ? compareBytes(got, tmp.resolve(npy))
                        : compareNumbers(got, Npy.read(tmp.resolve(npy)));
                if (why != null) {
                    problems.add(file + " " + path + ": " + why);
                }
                compared++;
            }
        } finally {
            open.values().forEach(H5File::close);
        }
        assertTrue(compared > 8000, "compared only " + compared);
        assertTrue(problems.isEmpty(), problems.size() + " datasets differ from h5py (" + compared + " compared, "
                + refused + " refused):\n" + String.join("\n", problems.subList(0, Math.min(30, problems.size()))));
    }

    static String compareNumbers(NDArray got, NDArray expected) {
        if (!Arrays.equals(got.shape(), expected.shape())) {
            return "shape " + Arrays.toString(got.shape()) + " instead of " + Arrays.toString(expected.shape());
        }
        if (got.dtype() == expected.dtype()) {
            return got.contentEquals(expected) ? null : "values differ (" + got.dtype() + ")";
        }
        int n = got.size();
        for (int i = 0; i < n; i++) {
            double a = got.getDoubleFlat(i);
            double b = expected.getDoubleFlat(i);
            if (!(a == b || (Double.isNaN(a) && Double.isNaN(b)))) {
                return "element " + i + " is " + a + " instead of " + b + " (" + got.dtype() + " vs "
                        + expected.dtype() + ")";
            }
        }
        return null;
    }

    /**
     * Compares byte strings with a NumPy bytes ({@code |S}) array byte for byte: Daybreak must return the stored
     * bytes (trailing NULs removed, as NumPy does), not text decoded from them.
     */
    static String compareBytes(NDArray got, Path npy) throws IOException {
        if (got.dtype() != org.daybreak.core.data.DType.BYTES) {
            return "read as " + got.dtype() + " instead of BYTES";
        }
        byte[] b = Files.readAllBytes(npy);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int hlen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b, start, hlen, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("'descr': '\\|S(\\d+)'.*'shape': \\(([^)]*)\\)").matcher(header);
        if (!m.find()) {
            return "unexpected npy header " + header;
        }
        int width = Integer.parseInt(m.group(1));
        List<Integer> shape = new ArrayList<>();
        for (String s : m.group(2).split(",")) {
            if (!s.isBlank()) {
                shape.add(Integer.parseInt(s.trim()));
            }
        }
        int[] expectedShape = shape.stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(got.shape(), expectedShape)) {
            return "shape " + Arrays.toString(got.shape()) + " instead of " + Arrays.toString(expectedShape);
        }
        int pos = start + hlen;
        int n = (int) NDArray.sizeOf(expectedShape);
        for (int i = 0; i < n; i++) {
            int from = pos + i * width;
            int end = from + width;
            while (end > from && b[end - 1] == 0) {
                end--;
            }
            byte[] expected = Arrays.copyOfRange(b, from, end);
            Object g = got.getObjectFlat(i);
            byte[] actual = g == null ? new byte[0] : org.daybreak.core.data.DType.bytesOf((String) g);
            if (!Arrays.equals(actual, expected)) {
                return "element " + i + " has bytes " + java.util.HexFormat.of().formatHex(actual) + " instead of "
                        + java.util.HexFormat.of().formatHex(expected);
            }
        }
        return null;
    }

    /** Compares text with a NumPy unicode (<U) array. */
    static String compareText(NDArray got, Path npy) throws IOException {
        byte[] b = Files.readAllBytes(npy);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int hlen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b, start, hlen, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("'descr': '<U(\\d+)'.*'shape': \\(([^)]*)\\)").matcher(header);
        if (!m.find()) {
            return "unexpected npy header " + header;
        }
        int width = Integer.parseInt(m.group(1));
        List<Integer> shape = new ArrayList<>();
        for (String s : m.group(2).split(",")) {
            if (!s.isBlank()) {
                shape.add(Integer.parseInt(s.trim()));
            }
        }
        int[] expectedShape = shape.stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(got.shape(), expectedShape)) {
            return "shape " + Arrays.toString(got.shape()) + " instead of " + Arrays.toString(expectedShape);
        }
        int pos = start + hlen;
        int n = (int) NDArray.sizeOf(expectedShape);
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < width; k++) {
                int cp = bb.getInt(pos + 4 * (i * width + k));
                if (cp != 0) {
                    s.appendCodePoint(cp);
                }
            }
            String g = String.valueOf(got.getObjectFlat(i));
            if (s.indexOf("\ufffd") >= 0) {
                continue; // bytes that are not UTF-8: Python and Java replace them differently; see BitshuffleRegressionTest
            }
            if (!s.toString().equals(g.replace("\0", ""))) {
                return "element " + i + " is '" + g + "' instead of '" + s + "'";
            }
        }
        return null;
    }
}

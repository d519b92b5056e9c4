package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.daybreak.core.cli.InputException;

/**
 * Opens baseband recordings: VDIF, Mark 5B, PSRDADA and GUPPI RAW, recognised by their content (not by their name):
 * a Mark 5B sync word at byte 4, a DADA header (a {@code HDR_SIZE} line in the first 4 kB), GUPPI header cards
 * ({@code KEYWORD = value}, 80 characters each), else a VDIF header whose frame length tiles the file.
 */
public final class Baseband {
    private Baseband() {
    }

    /**
     * What the headers cannot say.
     *
     * @param sampleRate       samples per second per stream (0: from the headers)
     * @param referenceMjd     a date within 500 days of a Mark 5B recording, as MJD (null: unknown)
     * @param mark5bChannels   Mark 5B channels (0: 8)
     * @param mark5bBits       Mark 5B bits per sample (0: 2)
     */
    public record Options(double sampleRate, Integer referenceMjd, int mark5bChannels, int mark5bBits) {
        public static final Options NONE = new Options(0, null, 0, 0);

        /** Parses a reference date yyyy-mm-dd into an MJD. */
        public static int mjd(String date) {
            try {
                return (int) (LocalDate.parse(date).toEpochDay() + 40587);
            } catch (DateTimeParseException e) {
                throw new InputException("'" + date + "' is not a date yyyy-mm-dd");
            }
        }
    }

    /** True when the file looks like one of the baseband formats (cheap: reads its first bytes). */
    public static boolean isBaseband(Path file) {
        try {
            return detect(file) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** "vdif", "mark5b", "dada", "guppi" or null. */
    public static String detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        byte[] head;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            head = b.array();
            if (head.length >= 16) {
                ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                if (le.getInt(0) == Mark5bReader.SYNC) {
                    return "mark5b";
                }
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            if (text.matches("(?s).*(^|\n)HDR_SIZE\\s+\\d+.*")) {
                return "dada";
            }
            if (head.length >= 160 && text.charAt(8) == '=' && text.charAt(88) == '='
                    && text.substring(0, 8).matches("[A-Z0-9_\\- ]+")) {
                return "guppi";
            }
            if (head.length >= 32) {
                ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                int[] w = new int[8];
                for (int i = 0; i < 8; i++) {
                    w[i] = le.getInt(i * 4);
                }
                VdifReader.Header h = new VdifReader.Header(w);
                if (h.plausible() && h.frameBytes <= ch.size() && (ch.size() < 2L * h.frameBytes
                        || second(ch, h))) {
                    return "vdif";
                }
            }
        }
        return null;
    }

    private static boolean second(FileChannel ch, VdifReader.Header h0) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(b, h0.frameBytes);
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = b.getInt(i * 4);
        }
        return h0.sameShape(new VdifReader.Header(w));
    }

    /**
     * Opens a baseband file.
     *
     * @throws InputException naming the file when it is missing, not a baseband file or its header is inconsistent
     */
    public static BasebandReader open(Path file, Options options) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        String format = detect(file);
        if (format == null) {
            throw new InputException(file + ": not a baseband file (not VDIF, Mark 5B, DADA or GUPPI)");
        }
        Options o = options == null ? Options.NONE : options;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return switch (format) {
                case "mark5b" -> Mark5bReader.open(file, ch, o.sampleRate(), o.mark5bChannels(), o.mark5bBits(),
                        o.referenceMjd());
                case "dada" -> DadaReader.open(file, ch, o.sampleRate());
                case "guppi" -> GuppiReader.open(file, ch, o.sampleRate());
                default -> VdifReader.open(file, ch, o.sampleRate());
            };
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}

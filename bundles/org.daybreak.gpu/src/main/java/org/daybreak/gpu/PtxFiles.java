package org.daybreak.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The PTX build story (docs/gpu.md): every kernel's CUDA C source {@code NAME.cu} sits beside the Java class that
 * launches it, with {@code NAME.ptx} made from it by {@code bundles/org.daybreak.gpu/build-ptx.sh} (nvcc) and
 * checked in, so a machine without nvcc builds the same product. The first line of the PTX records the SHA-256 of
 * the source it came from; {@link #staleness(Path)} tells whether a source changed since, and each capability
 * bundle's tests fail when it did.
 */
public final class PtxFiles {
    /** The first line's prefix, followed by the source's SHA-256 in hex. */
    public static final String HEADER = "// daybreak-ptx source-sha256 ";

    private PtxFiles() {
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The source hash recorded in a PTX text, or null when it has no Daybreak header. */
    public static String recordedHash(String ptx) {
        int end = ptx.indexOf('\n');
        String first = end < 0 ? ptx : ptx.substring(0, end);
        return first.startsWith(HEADER) ? first.substring(HEADER.length()).trim() : null;
    }

    /**
     * Null when {@code cu}'s PTX (same name, {@code .ptx}) exists and records the source's current hash; otherwise one
     * sentence saying what is wrong and how to fix it.
     */
    public static String staleness(Path cu) throws IOException {
        String name = cu.getFileName().toString();
        Path ptx = cu.resolveSibling(name.substring(0, name.length() - 3) + ".ptx");
        if (!Files.isRegularFile(ptx)) {
            return ptx + " is missing: run bundles/org.daybreak.gpu/build-ptx.sh on a machine with nvcc";
        }
        String recorded = recordedHash(Files.readString(ptx, StandardCharsets.UTF_8));
        String actual = sha256(Files.readAllBytes(cu));
        if (!actual.equals(recorded)) {
            return ptx + " was not made from the current " + name + " (source sha256 " + actual + ", recorded "
                    + recorded + "): run bundles/org.daybreak.gpu/build-ptx.sh on a machine with nvcc";
        }
        return null;
    }
}

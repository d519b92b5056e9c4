package org.daybreak.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes damaged copies of real HDF5 files, each damaged so that no reader can take it for a good file: cut short
 * (to nothing, inside the signature, inside the superblock, half way, one byte short of the end the superblock
 * gives), zero-filled, with another format's magic number, with a corrupt superblock version or offset size, or
 * overwritten with random bytes. Every damage keeps the file's name recognisable in messages.
 */
final class DamagedFiles {
    /** The kinds of damage, one copy of each source file per kind. */
    enum Damage {
        EMPTY, CUT_IN_SIGNATURE, CUT_IN_SUPERBLOCK, CUT_HALF_WAY, CUT_LAST_BYTE, ZERO_FILLED, PNG_MAGIC,
        SUPERBLOCK_VERSION_FLIPPED, OFFSET_SIZE_FLIPPED, RANDOM_BYTES
    }

    private DamagedFiles() {
    }

    /** Writes one damaged copy of {@code source} per kind into {@code folder}; returns them in kind order. */
    static List<Path> damage(Path source, Path folder, String stem) throws IOException {
        byte[] good = Files.readAllBytes(source);
        List<Path> out = new ArrayList<>();
        for (Damage d : Damage.values()) {
            Path p = folder.resolve(stem + "-" + d.name().toLowerCase(java.util.Locale.ROOT) + ".h5");
            Files.write(p, damaged(good, d, stem.hashCode() * 31L + d.ordinal()));
            out.add(p);
        }
        return out;
    }

    /** The end of file the superblock gives (8-byte offsets; versions 0/1 and 2/3 keep it in different places). */
    private static long storedEnd(byte[] good) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return b.getLong((good[8] & 0xff) <= 1 ? 40 : 28);
    }

    static byte[] damaged(byte[] good, Damage d, long seed) {
        return switch (d) {
            case EMPTY -> new byte[0];
            case CUT_IN_SIGNATURE -> Arrays.copyOf(good, 5);
            case CUT_IN_SUPERBLOCK -> Arrays.copyOf(good, 40);
            case CUT_HALF_WAY -> Arrays.copyOf(good, good.length / 2);
            case CUT_LAST_BYTE -> Arrays.copyOf(good, (int) Math.min(good.length, storedEnd(good)) - 1);
            case ZERO_FILLED -> new byte[good.length];
            case PNG_MAGIC -> {
                byte[] b = good.clone();
                System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, b, 0, 8);
                yield b;
            }
            case SUPERBLOCK_VERSION_FLIPPED -> {
                byte[] b = good.clone();
                b[8] ^= (byte) 0xf0;
                yield b;
            }
            case OFFSET_SIZE_FLIPPED -> {
                byte[] b = good.clone();
                int at = (b[8] & 0xff) <= 1 ? 13 : 9; // superblock versions 0/1 and 2/3 keep it in different places
                b[at] ^= (byte) 0x0f;
                yield b;
            }
            case RANDOM_BYTES -> {
                byte[] b = new byte[good.length];
                new Random(seed).nextBytes(b);
                yield b;
            }
        };
    }
}

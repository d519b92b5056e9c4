package org.daybreak.tomo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;

/**
 * Writes reconstructed slices as 8-bit grey PNGs, contrast stretched between the 1st and 99th percentile, for
 * the documentation. As a program: {@code SlicePictures IN.npy SLICE OUT.png [SCALE]} (IN [slice][y][x] or [y][x]).
 */
final class SlicePictures {
    private SlicePictures() {
    }

    static void write(float[] slice, int height, int width, int scale, Path png) throws IOException {
        float[] sorted = slice.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))];
        float hi = sorted[(int) (0.99 * (sorted.length - 1))];
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                float v = slice[(y / scale) * width + x / scale];
                int g = (int) Math.round(255 * Math.max(0, Math.min(1, (v - lo) / (hi - lo))));
                img.getRaster().setSample(x, y, 0, g);
            }
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    public static void main(String[] args) throws IOException {
        NDArray a = Npy.read(Path.of(args[0]));
        int s = Integer.parseInt(args[1]);
        NDArray slice = a.rank() == 3 ? a.get(s) : a;
        int scale = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        write(slice.toFloatArray(), slice.shape(0), slice.shape(1), scale, Path.of(args[2]));
    }
}

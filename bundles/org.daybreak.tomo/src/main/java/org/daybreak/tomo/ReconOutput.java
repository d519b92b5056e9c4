package org.daybreak.tomo;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferFloat;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;

/**
 * Writes reconstructed slices: .npy (float32 [slice][y][x], or [y][x] when {@code squeeze}), .h5/.nxs/.hdf5
 * (NeXus, see {@link NexusReconWriter}), and optionally one float32 TIFF per slice.
 */
public final class ReconOutput {
    private ReconOutput() {
    }

    /** The volume as float32 [slice][y][x] (or [y][x] for a single slice when squeeze). */
    public static NDArray volume(List<float[]> slices, int size, boolean squeeze) {
        float[] all = new float[slices.size() * size * size];
        for (int i = 0; i < slices.size(); i++) {
            System.arraycopy(slices.get(i), 0, all, i * size * size, size * size);
        }
        return squeeze && slices.size() == 1 ? NDArray.wrap(DType.FLOAT32, all, size, size)
                : NDArray.wrap(DType.FLOAT32, all, slices.size(), size, size);
    }

    /** Fails with an InputException, before any work is done, when {@code out} cannot be written as asked. */
    static void check(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new InputException("output folder " + parent + " does not exist");
        }
        if (!isNpy(out) && !isNexus(out)) {
            throw new InputException("output " + out + " must end in .npy, .h5, .nxs, .hdf or .hdf5");
        }
    }

    private static boolean isNpy(Path out) {
        return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static boolean isNexus(Path out) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".nxs") || name.endsWith(".hdf5") || name.endsWith(".hdf");
    }

    static void write(Path out, List<float[]> slices, int size, boolean squeeze, Map<String, Object> meta)
            throws IOException {
        check(out);
        if (isNpy(out)) {
            Npy.write(out, volume(slices, size, squeeze));
        } else {
            NexusReconWriter.write(out, volume(slices, size, false), meta);
        }
    }

    /** Writes slice i as DIR/slice_NNNNN.tiff (float32, NNNNN = firstSlice + i). */
    static void writeTiffs(Path dir, List<float[]> slices, int size, int firstSlice) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < slices.size(); i++) {
            writeFloatTiff(dir.resolve(String.format(Locale.ROOT, "slice_%05d.tiff", firstSlice + i)),
                    slices.get(i), size, size);
        }
    }

    /** One float32 grey TIFF [y][x] through the JDK's TIFF plugin. */
    public static void writeFloatTiff(Path file, float[] data, int width, int height) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_FLOAT, width, height, 1,
                width, new int[] {0});
        WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferFloat(data.clone(), data.length), null);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
        if (!it.hasNext()) {
            throw new IOException("this Java has no TIFF writer");
        }
        ImageWriter w = it.next();
        Files.deleteIfExists(file);
        try (ImageOutputStream os = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(os);
            w.write(img);
        } finally {
            w.dispose();
        }
    }
}

package org.daybreak.plot.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/** BufferedImages that wrap an ARGB int[] without copying it. */
public final class Images {
    private Images() {
    }

    /**
     * An image whose pixels are {@code argb[y * width + x]} (shared, not copied). With {@code alpha} false the
     * alpha bytes are ignored (an opaque TYPE_INT_RGB-like image, which Java2D draws fastest).
     */
    public static BufferedImage argb(int[] argb, int width, int height, boolean alpha) {
        if ((long) width * height > argb.length) {
            throw new IllegalArgumentException(width + " x " + height + " pixels do not fit in " + argb.length);
        }
        DataBufferInt buffer = new DataBufferInt(argb, width * height);
        DirectColorModel model = alpha
                ? new DirectColorModel(32, 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
                : new DirectColorModel(24, 0x00FF0000, 0x0000FF00, 0x000000FF);
        int[] masks = alpha ? new int[] {0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000}
                : new int[] {0x00FF0000, 0x0000FF00, 0x000000FF};
        SinglePixelPackedSampleModel sm = new SinglePixelPackedSampleModel(buffer.getDataType(), width, height, masks);
        WritableRaster raster = Raster.createWritableRaster(sm, buffer, null);
        return new BufferedImage(model, raster, false, null);
    }
}

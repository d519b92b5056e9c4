package org.daybreak.plot.color;

import org.daybreak.core.data.NDArray;

/** Plain reference for {@link ColorMapper}: the class contract, element by element, through getDouble. */
final class ColorMapperReference {
    private ColorMapperReference() {
    }

    static int index(Scaling scaling, double lo, double hi, double v) {
        if (Double.isNaN(v)) {
            return 256;
        }
        if (hi == lo) {
            return v > hi ? 255 : 0;
        }
        double f;
        if (scaling == Scaling.LINEAR) {
            f = (v - lo) * (256 / (hi - lo));
        } else if (scaling == Scaling.LOG) {
            if (v <= 0) {
                return 0;
            }
            f = (Math.log(v) - Math.log(lo)) * (256 / (Math.log(hi) - Math.log(lo)));
        } else {
            double u = (v - lo) * (1 / (hi - lo));
            if (u <= 0) {
                return 0;
            }
            f = Math.sqrt(u) * 256;
        }
        double fl = Math.floor(f);
        return fl < 0 ? 0 : fl > 255 ? 255 : (int) fl;
    }

    static int[] toArgb(NDArray image, ColorMap map, Scaling scaling, double lo, double hi, int nan) {
        int h = image.shape(0);
        int w = image.shape(1);
        int[] out = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = index(scaling, lo, hi, image.getDouble(y, x));
                out[y * w + x] = i == 256 ? nan : map.argb(i);
            }
        }
        return out;
    }
}

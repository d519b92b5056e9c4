package org.daybreak.tomo.io;

import java.awt.Rectangle;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.daybreak.core.cli.InputException;

/**
 * A scan stored as a folder of single-frame TIFF projections (any sample type the JDK's TIFF plugin reads:
 * 8/16-bit integers, 32-bit float; first band) plus an angles file, with dark and flat TIFFs.
 *
 * <p>Projections: the files in the folder ending .tif/.tiff whose names do not start with "dark" or "flat", in
 * name order. Darks and flats: the given files or folders, or else the TIFFs named dark* / flat* in the folder
 * itself or its parent (Savu's image_test layout: tiffs/raw_*.tiff, dark_00001.tiff, flat_00001.tiff). All
 * flats form one group (averaged). Only the rows asked for are decoded (ImageReadParam source region).
 */
public final class TiffFolderSource implements ProjectionSource {
    private final Path folder;
    private final List<Path> projections;
    private final List<Path> darks;
    private final List<Path> flats;
    private final double[] angles;
    private final int rows;
    private final int columns;

    /**
     * @param darks  file or folder of dark TIFFs, or null to look for dark* files in the folder and its parent
     * @param flats  file or folder of flat TIFFs, or null to look for flat* files likewise
     */
    public TiffFolderSource(Path folder, Path anglesFile, Path darks, Path flats) {
        if (!Files.isDirectory(folder)) {
            throw new InputException("TIFF folder " + folder + " does not exist or is not a folder");
        }
        this.folder = folder;
        projections = tiffs(folder, null);
        if (projections.isEmpty()) {
            throw new InputException("TIFF folder " + folder + " holds no projection .tif/.tiff files");
        }
        this.darks = darks != null ? given(darks, "dark") : found(folder, "dark");
        this.flats = flats != null ? given(flats, "flat") : found(folder, "flat");
        if (this.darks.isEmpty()) {
            throw new InputException("no dark-field TIFFs found for " + folder
                    + " (looked for dark*.tif[f] in the folder and its parent; give --darks)");
        }
        if (this.flats.isEmpty()) {
            throw new InputException("no flat-field TIFFs found for " + folder
                    + " (looked for flat*.tif[f] in the folder and its parent; give --flats)");
        }
        if (anglesFile == null) {
            throw new InputException("a TIFF folder needs --angles FILE (one angle in degrees per projection)");
        }
        angles = AngleFiles.forProjections(AngleFiles.read(anglesFile), projections.size(),
                "angles file " + anglesFile);
        int[] size = size(projections.get(0));
        rows = size[1];
        columns = size[0];
        for (Path p : List.of(this.darks.get(0), this.flats.get(0))) {
            int[] s = size(p);
            if (s[0] != columns || s[1] != rows) {
                throw new InputException("TIFF " + p + " is " + s[0] + "x" + s[1] + " but the projections are "
                        + columns + "x" + rows);
            }
        }
    }

    private static boolean isTiff(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".tif") || n.endsWith(".tiff"));
    }

    /** TIFFs in a folder, sorted; prefix null = projections (names not starting dark/flat). */
    private static List<Path> tiffs(Path dir, String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(TiffFolderSource::isTiff).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return prefix == null ? !(n.startsWith("dark") || n.startsWith("flat")) : n.startsWith(prefix);
            }).sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list TIFF folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> given(Path p, String kind) {
        if (Files.isDirectory(p)) {
            List<Path> l = tiffs(p, "");
            if (l.isEmpty()) {
                throw new InputException(kind + " folder " + p + " holds no .tif/.tiff files");
            }
            return l;
        }
        if (!isTiff(p)) {
            throw new InputException(kind + " file " + p + " does not exist or is not a .tif/.tiff file");
        }
        return List.of(p);
    }

    private static List<Path> found(Path folder, String prefix) {
        List<Path> l = new ArrayList<>(tiffs(folder, prefix));
        if (l.isEmpty() && folder.toAbsolutePath().getParent() != null) {
            l.addAll(tiffs(folder.toAbsolutePath().getParent(), prefix));
        }
        return l;
    }

    private static ImageReader reader(ImageInputStream in, Path p) {
        Iterator<ImageReader> it = ImageIO.getImageReaders(in);
        if (!it.hasNext()) {
            throw new InputException("TIFF " + p + " cannot be decoded (not a TIFF the JDK reads)");
        }
        ImageReader r = it.next();
        r.setInput(in, true, true);
        return r;
    }

    private static int[] size(Path p) {
        try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
            ImageReader r = reader(in, p);
            try {
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // the JDK's TIFF reader throws unchecked exceptions (NullPointerException, IllegalArgumentException...)
            // on damaged directories: one clear line, like any unreadable file
            throw new InputException("cannot read TIFF " + p + ": " + damage(e), e);
        }
    }

    private static String damage(Exception e) {
        return e instanceof IOException ? e.getMessage() : "damaged or unsupported TIFF structure (" + e + ")";
    }

    /** Rows [r0, r1) of a TIFF's first band as float, [row][column]. */
    static float[] readRows(Path p, int r0, int r1, int expectColumns) {
        try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
            ImageReader r = reader(in, p);
            try {
                int w = r.getWidth(0);
                if (w != expectColumns) {
                    throw new InputException("TIFF " + p + " is " + w + " wide, not " + expectColumns);
                }
                ImageReadParam param = r.getDefaultReadParam();
                param.setSourceRegion(new Rectangle(0, r0, w, r1 - r0));
                Raster raster = r.read(0, param).getRaster();
                float[] out = new float[(r1 - r0) * w];
                raster.getSamples(raster.getMinX(), raster.getMinY(), w, r1 - r0, 0, out);
                return out;
            } finally {
                r.dispose();
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot read TIFF " + p + ": " + damage(e), e);
        }
    }

    private float[] mean(List<Path> files, int r0, int r1) {
        float[] sum = new float[(r1 - r0) * columns];
        for (Path p : files) {
            float[] f = readRows(p, r0, r1, columns);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += f[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= files.size();
        }
        return sum;
    }

    @Override
    public String description() {
        return "TIFF folder " + folder + " (" + projections.size() + " projections, " + darks.size() + " dark, "
                + flats.size() + " flat)";
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public int projectionCount() {
        return projections.size();
    }

    @Override
    public double[] anglesDegrees() {
        return angles.clone();
    }

    @Override
    public float[][] projections(int r0, int r1) {
        float[][] out = new float[projections.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = readRows(projections.get(i), r0, r1, columns);
        }
        return out;
    }

    @Override
    public float[] darkMean(int r0, int r1) {
        return mean(darks, r0, r1);
    }

    @Override
    public List<FlatGroup> flatMeans(int r0, int r1) {
        return List.of(new FlatGroup(-0.5, mean(flats, r0, r1), flats.size()));
    }
}

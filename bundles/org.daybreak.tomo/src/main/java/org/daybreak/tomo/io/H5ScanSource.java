package org.daybreak.tomo.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.hdf5.nexus.NexusData;
import org.daybreak.hdf5.nexus.NXtomo;

/**
 * A scan in an HDF5 file, read through org.daybreak.hdf5 (external links and virtual datasets are followed
 * there), one detector-row slab at a time:
 * <ul>
 * <li>APS DataExchange: {@code /exchange/data} [projection][row][column], {@code data_white} (flats),
 * {@code data_dark} (darks), {@code theta} (degrees; radians when its {@code units} attribute says so). All
 * flats form one group.</li>
 * <li>NXtomo (or a NeXus entry whose default NXdata holds the frames, as at Diamond's DIAD), located by
 * {@link NXtomo#find}: frames [frame][row][column], {@code image_key} per frame (0 projection, 1 flat, 2 dark,
 * other values ignored), rotation angle per frame (or per projection). Each contiguous run of flats is one group,
 * placed at its position among the projections, so flats before and after can be interpolated.</li>
 * </ul>
 */
public final class H5ScanSource implements ProjectionSource {
    private final H5File file;
    private final String description;
    private final LazyDataset data;
    private final int[] projections;
    private final int[] darks;
    private final List<int[]> flatRuns = new ArrayList<>();
    private final List<Double> flatPositions = new ArrayList<>();
    private final double[] angles;
    private final int rows;
    private final int columns;

    /** @param anglesFile optional file whose angles replace those in the scan file */
    public static H5ScanSource open(Path path, Path anglesFile) {
        H5File f;
        try {
            f = H5File.open(path);
        } catch (IOException e) {
            throw new InputException("cannot open scan " + path + ": " + e.getMessage(), e);
        }
        try {
            return new H5ScanSource(f, path, anglesFile);
        } catch (IOException e) {
            f.close();
            throw new InputException("cannot read scan " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private H5ScanSource(H5File f, Path path, Path anglesFile) throws IOException {
        this.file = f;
        String name = path.getFileName().toString();
        double[] fileAngles;
        int[] keys;
        LazyDataset flatsData = null;
        LazyDataset darksData = null;
        if (f.exists("/exchange/data")) {
            data = f.dataset("/exchange/data");
            description = "DataExchange /exchange/data in " + name;
            requireFrames(data, name);
            if (!f.exists("/exchange/data_white")) {
                throw new InputException(name + " has no flat fields (/exchange/data_white)");
            }
            if (!f.exists("/exchange/data_dark")) {
                throw new InputException(name + " has no dark fields (/exchange/data_dark)");
            }
            flatsData = f.dataset("/exchange/data_white");
            darksData = f.dataset("/exchange/data_dark");
            fileAngles = f.exists("/exchange/theta") ? degrees(f, "/exchange/theta") : null;
            keys = null;
        } else {
            Optional<NXtomo> found = NXtomo.find(f);
            if (found.isEmpty()) {
                throw new InputException(name + " holds neither an NXtomo scan nor /exchange/data");
            }
            NXtomo t = found.get();
            if (!t.dataResolves()) {
                t = alternative(f, t);
            }
            if (!t.dataResolves()) {
                throw new InputException("the frames " + t.dataPath() + " of " + name
                        + " cannot be read (a link to a missing file?)");
            }
            data = f.dataset(t.dataPath());
            description = "NXtomo " + t.dataPath() + " in " + name;
            requireFrames(data, name);
            if (t.imageKeyPath() == null) {
                throw new InputException(name + " has no image_key, so its flat and dark frames are unknown");
            }
            keys = toInts(f.dataset(t.imageKeyPath()).read().toDoubleArray());
            if (keys.length != data.shape()[0]) {
                throw new InputException(name + ": image_key has " + keys.length + " entries but there are "
                        + data.shape()[0] + " frames");
            }
            fileAngles = t.rotationAnglePath() != null ? degrees(f, t.rotationAnglePath()) : null;
        }
        rows = data.shape()[1];
        columns = data.shape()[2];
        if (keys == null) {
            int n = data.shape()[0];
            projections = range(0, n);
            darks = null;
            this.flats = flatsData;
            this.darksData = darksData;
            checkFrames(flatsData, "flat fields", name);
            checkFrames(darksData, "dark fields", name);
            flatRuns.add(range(0, flatsData.shape()[0]));
            flatPositions.add(-0.5);
        } else {
            this.flats = null;
            this.darksData = null;
            List<Integer> p = new ArrayList<>();
            List<Integer> d = new ArrayList<>();
            List<Integer> run = new ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == 1) {
                    run.add(i);
                } else if (!run.isEmpty()) {
                    flatRuns.add(run.stream().mapToInt(Integer::intValue).toArray());
                    flatPositions.add(p.size() - 0.5);
                    run.clear();
                }
                if (keys[i] == 0) {
                    p.add(i);
                } else if (keys[i] == 2) {
                    d.add(i);
                }
            }
            if (!run.isEmpty()) {
                flatRuns.add(run.stream().mapToInt(Integer::intValue).toArray());
                flatPositions.add(p.size() - 0.5);
            }
            projections = p.stream().mapToInt(Integer::intValue).toArray();
            darks = d.stream().mapToInt(Integer::intValue).toArray();
            if (projections.length == 0) {
                throw new InputException(name + " has no projections (no frame with image_key 0)");
            }
            if (flatRuns.isEmpty()) {
                throw new InputException(name + " has no flat-field frames (image_key 1)");
            }
            if (darks.length == 0) {
                throw new InputException(name + " has no dark-field frames (image_key 2)");
            }
            if (fileAngles != null && fileAngles.length == keys.length) {
                double[] a = new double[projections.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = fileAngles[projections[i]];
                }
                fileAngles = a;
            }
        }
        if (anglesFile != null) {
            fileAngles = AngleFiles.forProjections(AngleFiles.read(anglesFile), projections.length,
                    "angles file " + anglesFile);
        }
        if (fileAngles == null) {
            throw new InputException(name + " has no rotation angles; give --angles FILE");
        }
        if (fileAngles.length != projections.length) {
            throw new InputException(name + " has " + fileAngles.length + " rotation angles but "
                    + projections.length + " projections");
        }
        angles = fileAngles;
    }

    private final LazyDataset flats;
    private final LazyDataset darksData;

    /**
     * When the default NXdata's frames are a link to a missing file (DIAD writes several NXdata groups, the
     * default one for a detector whose file is often not kept), another NXdata of the same entry whose 3-D signal
     * can be read; its angles are its first axis or a dataset indexed to dimension 0 named like an angle.
     */
    private static NXtomo alternative(H5File f, NXtomo t) throws IOException {
        for (H5Node g : f.children(t.entryPath())) {
            if (!g.isGroup() || !"NXdata".equals(String.valueOf(f.attributes(g.path()).get("NX_class")))) {
                continue;
            }
            Optional<NexusData> nd = NexusData.of(f, g.path());
            if (nd.isEmpty() || nd.get().signalPath() == null || !f.exists(nd.get().signalPath())) {
                continue;
            }
            String signal = nd.get().signalPath();
            if (f.dataset(signal).rank() != 3) {
                continue;
            }
            String angle = null;
            List<String> axes = nd.get().axisPaths();
            if (!axes.isEmpty() && axes.get(0) != null && f.exists(axes.get(0))) {
                angle = axes.get(0);
            }
            if (angle == null) {
                Map<String, Object> attrs = f.attributes(g.path());
                for (H5Node n : f.children(g.path())) {
                    String name = n.name().toLowerCase(Locale.ROOT);
                    Object idx = attrs.get(n.name() + "_indices");
                    boolean dim0 = idx != null && (idx.toString().equals("0") || idx.toString().startsWith("[0"));
                    if (dim0 && f.exists(n.path())
                            && (name.contains("theta") || name.contains("rot") || name.contains("angle"))) {
                        angle = n.path();
                        break;
                    }
                }
            }
            return new NXtomo(t.entryPath(), signal, t.imageKeyPath(), angle != null ? angle : t.rotationAnglePath(),
                    true);
        }
        return t;
    }

    private static void requireFrames(LazyDataset d, String name) {
        if (d.rank() != 3) {
            throw new InputException(name + ": " + d.name() + " has shape " + Arrays.toString(d.shape())
                    + "; expected [frame][row][column]");
        }
    }

    private void checkFrames(LazyDataset d, String what, String name) {
        if (d.rank() != 3 || d.shape()[0] == 0 || d.shape()[1] != rows || d.shape()[2] != columns) {
            throw new InputException(name + ": the " + what + " " + d.name() + " have shape "
                    + Arrays.toString(d.shape()) + ", not [n][" + rows + "][" + columns + "]");
        }
    }

    private static double[] degrees(H5File f, String path) throws IOException {
        double[] v = f.dataset(path).read().toDoubleArray();
        Object units = f.attribute(path, "units");
        String u = units == null ? "" : units.toString().trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("rad")) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.toDegrees(v[i]);
            }
        }
        return v;
    }

    private static int[] toInts(double[] d) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (int) Math.round(d[i]);
        }
        return r;
    }

    private static int[] range(int a, int b) {
        int[] r = new int[b - a];
        for (int i = 0; i < r.length; i++) {
            r[i] = a + i;
        }
        return r;
    }

    /** Frames {@code indices} of {@code d}, rows [r0, r1): reads each contiguous run of indices as one slab. */
    private static float[][] frames(LazyDataset d, int[] indices, int r0, int r1) {
        float[][] out = new float[indices.length][];
        int i = 0;
        while (i < indices.length) {
            int j = i;
            while (j + 1 < indices.length && indices[j + 1] == indices[j] + 1) {
                j++;
            }
            NDArray slab = d.read(indices[i] + ":" + (indices[j] + 1) + "," + r0 + ":" + r1 + ",:");
            float[] all = slab.toFloatArray();
            int per = all.length / (j - i + 1);
            for (int k = i; k <= j; k++) {
                out[k] = Arrays.copyOfRange(all, (k - i) * per, (k - i + 1) * per);
            }
            i = j + 1;
        }
        return out;
    }

    private static float[] mean(float[][] frames) {
        float[] m = new float[frames[0].length];
        for (float[] f : frames) {
            for (int i = 0; i < m.length; i++) {
                m[i] += f[i];
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= frames.length;
        }
        return m;
    }

    @Override
    public String description() {
        return description;
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
        return projections.length;
    }

    @Override
    public double[] anglesDegrees() {
        return angles.clone();
    }

    @Override
    public float[][] projections(int r0, int r1) {
        return frames(data, projections, r0, r1);
    }

    @Override
    public float[] darkMean(int r0, int r1) {
        if (darksData != null) {
            return mean(frames(darksData, range(0, darksData.shape()[0]), r0, r1));
        }
        return mean(frames(data, darks, r0, r1));
    }

    @Override
    public List<FlatGroup> flatMeans(int r0, int r1) {
        List<FlatGroup> out = new ArrayList<>();
        for (int g = 0; g < flatRuns.size(); g++) {
            int[] run = flatRuns.get(g);
            float[][] fr = flats != null ? frames(flats, run, r0, r1) : frames(data, run, r0, r1);
            out.add(new FlatGroup(flatPositions.get(g), mean(fr), run.length));
        }
        return out;
    }

    @Override
    public void close() {
        file.close();
    }
}

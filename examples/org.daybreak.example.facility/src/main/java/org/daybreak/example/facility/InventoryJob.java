package org.daybreak.example.facility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobSpec;

/**
 * {@code facility.inventory}: the example facility job. It counts the files under a data folder, their bytes and
 * how many are HDF5/NeXus files (by extension), reporting progress per top-level entry and honouring cancel. As
 * every job kind, it runs in the workbench, from {@code daybreak jobs submit --kind facility.inventory} and on
 * remote workers, because the bundle declares it in {@code META-INF/services/org.daybreak.core.job.JobHandler}.
 */
public final class InventoryJob implements JobHandler {
    public static final String KIND = "facility.inventory";
    static final JobParameter FOLDER = JobParameter.text("folder", null, "the data folder to count");

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "example facility job: counts the files, bytes and HDF5 files under a folder";
    }

    @Override
    public List<JobParameter> parameters() {
        return List.of(FOLDER);
    }

    @Override
    public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
        String folder = FOLDER.text(spec, null);
        if (folder == null || folder.isBlank()) {
            throw new IllegalArgumentException("facility.inventory: the parameter 'folder' is required");
        }
        Path root = Path.of(folder);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("facility.inventory: " + folder + " is not a folder");
        }
        List<Path> top;
        try (Stream<Path> s = Files.list(root)) {
            top = s.sorted().toList();
        }
        long files = 0, bytes = 0, hdf5 = 0;
        for (int i = 0; i < top.size(); i++) {
            context.checkCancelled();
            context.progress((double) i / Math.max(1, top.size()), top.get(i).getFileName().toString());
            try (Stream<Path> s = Files.walk(top.get(i))) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                    files++;
                    bytes += size(p);
                    String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                    if (n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".nxs") || n.endsWith(".hdf")) {
                        hdf5++;
                    }
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("folder", root.toAbsolutePath().toString());
        r.put("files", files);
        r.put("bytes", bytes);
        r.put("hdf5_files", hdf5);
        return r;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}

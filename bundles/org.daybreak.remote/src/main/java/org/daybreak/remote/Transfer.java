package org.daybreak.remote;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a job's files reach the worker and come back. By reference (the usual case on a facility: both sides see the
 * same paths) the spec's paths are made absolute and the worker reads and writes them itself. Carried, the input
 * files travel inside the job message and the outputs inside the result (both streamed as Artemis large messages).
 * A job chooses with the param {@code transfer}: {@code reference}, {@code carry} or {@code auto} (the default:
 * reference when the broker is on this machine or every input lies on a network file system, else carry).
 *
 * <p>Inputs are the spec's {@code inputs} (references {@code PATH} or {@code PATH#/dataset}); outputs are the params
 * named {@code out} or ending in {@code _out}.
 */
public final class Transfer {
    /** File system types shared between machines (as Linux names them). */
    private static final Set<String> SHARED = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "lustre", "gpfs", "ceph",
            "cephfs", "beegfs", "glusterfs", "fuse.glusterfs", "fuse.sshfs", "panfs", "afs", "wekafs", "fuse.gcsfuse");

    private Transfer() {
    }

    public static boolean isOutputParam(String name) {
        return name.equals("out") || name.endsWith("_out");
    }

    /** The file part of an input reference ({@code /a/b.nxs#/entry/data} gives {@code /a/b.nxs}). */
    public static String filePart(String ref) {
        int hash = ref.indexOf('#');
        return hash >= 0 ? ref.substring(0, hash) : ref;
    }

    public static String fragment(String ref) {
        int hash = ref.indexOf('#');
        return hash >= 0 ? ref.substring(hash) : "";
    }

    /** Decides carry (true) or reference (false) for {@code auto}. */
    public static boolean shouldCarry(String mode, Map<String, String> inputs, boolean brokerIsLocal) {
        String m = mode == null ? "auto" : mode.toLowerCase(Locale.ROOT);
        switch (m) {
            case "carry":
                return true;
            case "reference":
                return false;
            case "auto":
                break;
            default:
                throw new IllegalArgumentException("transfer must be reference, carry or auto, not '" + mode + "'");
        }
        if (brokerIsLocal) {
            return false;
        }
        for (String ref : inputs.values()) {
            Path p = Path.of(filePart(ref));
            if (!Files.exists(p)) {
                continue;
            }
            try {
                FileStore fs = Files.getFileStore(p);
                if (!SHARED.contains(fs.type().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** Makes the input references' files and the output paths absolute (by-reference jobs). */
    public static Map<String, String> absoluteInputs(Map<String, String> inputs) {
        Map<String, String> m = new LinkedHashMap<>();
        inputs.forEach((k, ref) -> {
            String f = filePart(ref);
            m.put(k, f.isEmpty() || f.contains("://") ? ref : Path.of(f).toAbsolutePath() + fragment(ref));
        });
        return m;
    }

    public static Map<String, Object> absoluteOutputs(Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>(params);
        params.forEach((k, v) -> {
            if (isOutputParam(k) && v instanceof String s && !s.isEmpty()) {
                m.put(k, Path.of(s).toAbsolutePath().toString());
            }
        });
        return m;
    }

    /** The files of the inputs, once each, in order. */
    public static List<Path> inputFiles(Map<String, String> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String ref : inputs.values()) {
            Path p = Path.of(filePart(ref)).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IOException("cannot carry input " + p + ": no such file (folders are not carried)");
            }
            if (!files.contains(p)) {
                files.add(p);
            }
        }
        return files;
    }
}

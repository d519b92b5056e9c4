package org.daybreak.core.job;

import java.util.Map;

/**
 * The code behind one job kind. A handler must not assume where it runs (which thread, process or machine):
 * it reads its inputs from the references in the {@link JobSpec}, writes outputs where the spec says, reports
 * through the {@link JobContext} and returns a JSON-like summary (values may also be
 * {@link org.daybreak.core.data.NDArray}s, which executors in other processes transfer as .npy bytes).
 *
 * <p>On bad input it throws an exception whose message is one sentence for the user; partial outputs it has
 * already written stay where they are.
 */
public interface JobHandler {

    /** The kind this handler runs, e.g. {@code "tomo.recon"}. */
    String kind();

    Map<String, Object> run(JobSpec spec, JobContext context) throws Exception;

    /**
     * The parameters this kind reads, each declared once and read through its declaration (see
     * {@link JobParameter}); null when the kind takes any parameters (as {@code core.echo}).
     */
    default java.util.List<JobParameter> parameters() {
        return null;
    }

    /** Inputs by name ({@code inputs} of the spec) with one line each for people; empty when none. */
    default Map<String, String> inputDescriptions() {
        return Map.of();
    }

    /** One sentence on what the kind does. */
    default String description() {
        return "";
    }
}

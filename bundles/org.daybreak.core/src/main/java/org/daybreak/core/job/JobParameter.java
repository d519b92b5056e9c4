package org.daybreak.core.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One parameter of a job kind, declared once by its handler and read through this declaration, so that the
 * parameter list {@code daybreak jobs kinds} prints is the list the code reads.
 *
 * <p>Naming convention (docs/ARCHITECTURE.md): snake_case, whole words, one spelling per word ({@code center}, not
 * {@code centre}); units in the name only where a bare number would be ambiguous ({@code sleep_ms}); output files
 * are {@code out} or end in {@code _out}. Old spellings are kept as {@link #aliases()} for one release: a spec that
 * uses one still works, and {@link #normalise} reports a warning naming the new spelling.
 *
 * @param type         {@code text}, {@code number}, {@code integer}, {@code flag} or {@code list}
 * @param unit         unit of a number ("degrees", "samples", "detector bins"), or null
 * @param defaultValue the value when absent, as shown to users (a number, text, or a sentence when it depends on
 *                     other parameters), or null when the parameter is required or has no default
 */
public record JobParameter(String name, String type, String unit, Object defaultValue, String description,
        List<String> aliases) {

    /** The release in which old spellings stop being accepted. */
    public static final String ALIASES_UNTIL = "Daybreak 0.2";

    /** Accepted by every job kind: the device request and how files reach a remote worker. */
    public static final List<JobParameter> COMMON = List.of(
            text("device", "auto", "cpu, gpu or auto: where the job runs (gpu: a GPU, through a broker its GPU queue;"
                    + " auto: a GPU when one is usable)"),
            text("transfer", "auto", "remote jobs: reference (paths both sides read), carry (files travel in the "
                    + "message) or auto"));

    public static JobParameter text(String name, Object def, String description) {
        return new JobParameter(name, "text", null, def, description, List.of());
    }

    public static JobParameter number(String name, Object def, String unit, String description) {
        return new JobParameter(name, "number", unit, def, description, List.of());
    }

    public static JobParameter integer(String name, Object def, String unit, String description) {
        return new JobParameter(name, "integer", unit, def, description, List.of());
    }

    public static JobParameter flag(String name, Object def, String description) {
        return new JobParameter(name, "flag", null, def, description, List.of());
    }

    public static JobParameter list(String name, String unit, String description) {
        return new JobParameter(name, "list", unit, null, description, List.of());
    }

    /** The same parameter, also accepted under old spellings (with a warning). */
    public JobParameter alias(String... old) {
        List<String> a = new ArrayList<>(aliases);
        a.addAll(Arrays.asList(old));
        return new JobParameter(name, type, unit, defaultValue, description, List.copyOf(a));
    }

    public String text(JobSpec spec, String fallback) {
        return spec.string(name, fallback);
    }

    public double number(JobSpec spec, double fallback) {
        return spec.number(name, fallback);
    }

    public int integer(JobSpec spec, int fallback) {
        return spec.integer(name, fallback);
    }

    public boolean flag(JobSpec spec, boolean fallback) {
        return spec.flag(name, fallback);
    }

    public Object raw(JobSpec spec) {
        return spec.params().get(name);
    }

    public boolean isSet(JobSpec spec) {
        return spec.params().containsKey(name);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        if (unit != null) {
            m.put("unit", unit);
        }
        m.put("default", defaultValue);
        m.put("description", description);
        if (!aliases.isEmpty()) {
            m.put("old_spellings", aliases);
        }
        return m;
    }

    /**
     * The spec with every parameter under its current name. An old spelling is renamed and reported to
     * {@code warnings} ("parameter 'flatMode' of tomo.recon is now 'flat_mode' ..."); a parameter the kind does not
     * have is an {@link IllegalArgumentException} naming it and the known ones. {@code declared} null means the
     * kind takes any parameters (returned unchanged).
     */
    public static JobSpec normalise(JobSpec spec, List<JobParameter> declared, Consumer<String> warnings) {
        if (declared == null) {
            return spec;
        }
        Map<String, JobParameter> byName = new LinkedHashMap<>();
        Map<String, JobParameter> byAlias = new LinkedHashMap<>();
        for (List<JobParameter> l : List.of(declared, COMMON)) {
            for (JobParameter p : l) {
                byName.put(p.name(), p);
                for (String a : p.aliases()) {
                    byAlias.put(a, p);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : spec.params().entrySet()) {
            String k = e.getKey();
            if (byName.containsKey(k)) {
                out.put(k, e.getValue());
            } else if (byAlias.containsKey(k)) {
                String now = byAlias.get(k).name();
                if (spec.params().containsKey(now)) {
                    throw new IllegalArgumentException(spec.kind() + ": parameter '" + k + "' and its new spelling '"
                            + now + "' are both given");
                }
                warnings.accept("parameter '" + k + "' of " + spec.kind() + " is now spelled '" + now
                        + "'; the old spelling is accepted until " + ALIASES_UNTIL);
                out.put(now, e.getValue());
            } else {
                List<String> known = new ArrayList<>();
                for (JobParameter p : declared) {
                    known.add(p.name());
                }
                throw new IllegalArgumentException(spec.kind() + " has no parameter '" + k + "' (its parameters: "
                        + String.join(", ", known) + ")");
            }
        }
        return new JobSpec(spec.kind(), out, spec.inputs());
    }
}

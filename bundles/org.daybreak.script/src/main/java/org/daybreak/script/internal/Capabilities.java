package org.daybreak.script.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional parts of the scripting API that this build holds, each backed by another Daybreak bundle:
 * their Java helper classes (registered in {@code _daybreak_java}) and their names.
 */
final class Capabilities {

    private Capabilities() {
    }

    static Map<String, Class<?>> classes() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("DataFiles", org.daybreak.script.api.DataFiles.class);
        m.put("Plotting", org.daybreak.script.api.Plotting.class);
        m.put("Fitting", org.daybreak.script.api.Fitting.class);
        m.put("Tomography", org.daybreak.script.api.Tomography.class);
        m.put("Correlation", org.daybreak.script.api.Correlation.class);
        return m;
    }

    static List<String> names() {
        return List.of("hdf5", "plot", "fit", "tomo", "corr", "remote");
    }
}

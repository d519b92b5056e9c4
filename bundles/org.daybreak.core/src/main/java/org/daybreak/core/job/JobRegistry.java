package org.daybreak.core.job;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job kinds known to this process. Handlers are registered explicitly (bundle activators, tests) or found
 * with {@link ServiceLoader} on a plain class path ({@code META-INF/services/org.daybreak.core.job.JobHandler}).
 */
public final class JobRegistry {
    private static final JobRegistry GLOBAL = new JobRegistry();
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();

    /** The registry of this process, filled from the service files of the class path on first use. */
    public static JobRegistry global() {
        return GLOBAL;
    }

    private volatile boolean servicesLoaded;

    public void register(JobHandler handler) {
        handlers.put(handler.kind(), handler);
    }

    /** The handler for a kind, or null. */
    public JobHandler find(String kind) {
        JobHandler h = handlers.get(kind);
        if (h == null && !servicesLoaded) {
            loadServices(JobRegistry.class.getClassLoader());
            Thread t = Thread.currentThread();
            if (t.getContextClassLoader() != null) {
                loadServices(t.getContextClassLoader());
            }
            servicesLoaded = true;
            h = handlers.get(kind);
        }
        return h;
    }

    /** Registers every handler declared as a service visible to the class loader. */
    public void loadServices(ClassLoader loader) {
        for (JobHandler h : ServiceLoader.load(JobHandler.class, loader)) {
            handlers.putIfAbsent(h.kind(), h);
        }
    }

    /** Kinds known now, sorted. */
    public java.util.Set<String> kinds() {
        return new TreeMap<>(handlers).keySet();
    }
}

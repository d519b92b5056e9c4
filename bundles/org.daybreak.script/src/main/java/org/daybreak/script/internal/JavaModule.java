package org.daybreak.script.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.core.job.RunTarget;
import org.daybreak.script.api.SessionContext;
import org.daybreak.script.array.ArrayBuild;
import org.daybreak.script.array.ArrayMath;
import org.daybreak.script.array.Indexing;
import org.daybreak.script.array.Reductions;
import org.python.core.Py;
import org.python.core.PyModule;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;

/**
 * The module {@code _daybreak_java} through which the {@code daybreak} Python package reaches its Java
 * classes. Registering the classes directly (instead of {@code from org.daybreak... import}) spares Jython's
 * Java package scan and works the same under OSGi, where that scan sees nothing.
 */
public final class JavaModule {
    public static final String NAME = "_daybreak_java";

    private JavaModule() {
    }

    /** The classes the Python package uses, by the name it imports them under. */
    static Map<String, Class<?>> classes() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("NDArray", NDArray.class);
        m.put("DType", DType.class);
        m.put("SliceSpec", SliceSpec.class);
        m.put("SliceItem", SliceSpec.Item.class);
        m.put("LazyDataset", LazyDataset.class);
        m.put("JobSpec", JobSpec.class);
        m.put("JobState", JobState.class);
        m.put("RunTarget", RunTarget.class);
        m.put("SiteDefaults", org.daybreak.core.site.SiteDefaults.class);
        m.put("Sweep", org.daybreak.script.api.Sweep.class);
        m.put("SessionContext", SessionContext.class);
        m.put("ArrayMath", ArrayMath.class);
        m.put("Binary", ArrayMath.Binary.class);
        m.put("Compare", ArrayMath.Compare.class);
        m.put("Unary", ArrayMath.Unary.class);
        m.put("Reductions", Reductions.class);
        m.put("Reduce", Reductions.Op.class);
        m.put("Indexing", Indexing.class);
        m.put("ArrayBuild", ArrayBuild.class);
        m.put("PyValues", org.daybreak.script.api.PyValues.class);
        m.putAll(Capabilities.classes());
        return m;
    }

    /** Puts the module into {@code sys.modules} of a system state, with the session's context. */
    public static void install(PySystemState sys, SessionContext context) {
        PyStringMap dict = new PyStringMap();
        dict.__setitem__("__name__", new PyString(NAME));
        for (Map.Entry<String, Class<?>> e : classes().entrySet()) {
            dict.__setitem__(e.getKey(), Py.java2py(e.getValue()));
        }
        dict.__setitem__("context", Py.java2py(context));
        dict.__setitem__("capabilities", Py.java2py(new java.util.ArrayList<>(Capabilities.names())));
        PyModule module = new PyModule(NAME, dict);
        sys.modules.__setitem__(NAME, module);
    }
}

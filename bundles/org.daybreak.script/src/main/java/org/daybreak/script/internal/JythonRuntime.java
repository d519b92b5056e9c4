package org.daybreak.script.internal;

import java.net.URL;
import java.util.Enumeration;
import java.util.Properties;

import org.python.core.Py;
import org.python.core.PyString;
import org.python.core.PySystemState;

/**
 * The process-wide Jython set-up, done once: registry properties, the class loader through which Python code
 * sees Java classes, and a way to the Python standard library (the {@code Lib/} folder inside
 * jython-standalone).
 *
 * <p>On a plain class path Jython finds its own jar and puts {@code <jar>/Lib} on {@code sys.path}. Inside
 * OSGi the jar's location may not be a file; then the standard library is read as class-path resources
 * ({@code __pyclasspath__/Lib}) through a class loader that sees both this bundle and the Jython bundle.
 */
public final class JythonRuntime {
    private static boolean initialized;
    private static ClassLoader loader;
    private static String stdlibEntry;

    private JythonRuntime() {
    }

    /** Initializes Jython once (about a second); later calls return at once. Thread-safe. */
    public static synchronized void initialize() {
        if (initialized) {
            return;
        }
        Properties post = new Properties();
        // no site-packages scan at start-up, no package cache written into the working folder
        post.setProperty("python.import.site", "false");
        post.setProperty("python.cachedir.skip", "true");
        post.setProperty("python.console.encoding", "UTF-8");
        post.setProperty("python.io.encoding", "UTF-8");
        ClassLoader own = JythonRuntime.class.getClassLoader();
        ClassLoader jython = PySystemState.class.getClassLoader();
        loader = own == jython ? own : new JoinedClassLoader(own, jython);
        PySystemState.initialize(System.getProperties(), post, new String[0], loader);
        stdlibEntry = findStdlib();
        initialized = true;
    }

    /** The class loader through which scripts see Java classes. */
    public static synchronized ClassLoader classLoader() {
        initialize();
        return loader;
    }

    /**
     * Gives a fresh system state the module path: the daybreak module folder first, then the standard library
     * when Jython did not find it by itself.
     */
    public static void preparePath(PySystemState sys) {
        initialize();
        sys.setClassLoader(loader);
        sys.path.insert(0, new PyString(PythonLibrary.directory().toString()));
        if (stdlibEntry != null && !sys.path.__contains__(new PyString(stdlibEntry))) {
            sys.path.append(new PyString(stdlibEntry));
        }
    }

    private static String findStdlib() {
        PySystemState sys = Py.getSystemState();
        for (Object o : sys.path) {
            // Jython found its library by itself: a folder holding os.py, or <jython jar>/Lib
            String p = String.valueOf(o);
            if (new java.io.File(p, "os.py").isFile()) {
                return null;
            }
            if ((p.endsWith(".jar/Lib") || p.endsWith(".jar\\Lib"))
                    && new java.io.File(p.substring(0, p.length() - 4)).isFile()) {
                return null;
            }
        }
        URL os = PySystemState.class.getClassLoader().getResource("Lib/os.py");
        if (os == null) {
            return null;
        }
        if ("jar".equals(os.getProtocol()) && os.getPath().startsWith("file:")) {
            String jar = os.getPath().substring("file:".length(), os.getPath().indexOf("!/"));
            return java.net.URLDecoder.decode(jar, java.nio.charset.StandardCharsets.UTF_8) + "/Lib";
        }
        return "__pyclasspath__/Lib";
    }

    /** Classes and resources from this bundle first, then from the Jython bundle (OSGi only). */
    private static final class JoinedClassLoader extends ClassLoader {
        private final ClassLoader second;

        JoinedClassLoader(ClassLoader first, ClassLoader second) {
            super(first);
            this.second = second;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            return second.loadClass(name);
        }

        @Override
        protected URL findResource(String name) {
            return second.getResource(name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws java.io.IOException {
            return second.getResources(name);
        }
    }
}

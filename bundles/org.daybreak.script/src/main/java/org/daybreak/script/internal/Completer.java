package org.daybreak.script.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.python.core.PyObject;
import org.python.util.PythonInterpreter;

/** Tab completion for the console; see {@code ScriptSession.complete}. */
public final class Completer {
    private static final List<String> KEYWORDS = List.of("and", "as", "assert", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "exec", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "not", "or", "pass", "print", "raise", "return", "try", "while", "with", "yield");

    private Completer() {
    }

    public static List<String> complete(PythonInterpreter interp, String text) {
        int i = text.length();
        int depth = 0;
        while (i > 0) {
            char c = text.charAt(i - 1);
            if (depth > 0) {
                if (c == '(' || c == ')') {
                    return List.of();
                }
                depth += c == ']' ? 1 : c == '[' ? -1 : 0;
                i--;
            } else if (Character.isJavaIdentifierPart(c) && c != '$' || c == '.') {
                i--;
            } else if (c == ']') {
                depth++;
                i--;
            } else {
                break;
            }
        }
        if (depth != 0) {
            return List.of();
        }
        String head = text.substring(0, i);
        String tail = text.substring(i);
        int dot = tail.lastIndexOf('.');
        String partial = dot < 0 ? tail : tail.substring(dot + 1);
        if (!partial.chars().allMatch(ch -> Character.isJavaIdentifierPart(ch) && ch != '$')) {
            return List.of();
        }
        Set<String> names = new TreeSet<>();
        try {
            if (dot < 0) {
                if (tail.isEmpty() || Character.isDigit(tail.charAt(0))) {
                    return List.of();
                }
                addKeys(interp.getLocals(), names);
                addKeys(interp.getSystemState().getBuiltins(), names);
                names.addAll(KEYWORDS);
            } else {
                String objectText = tail.substring(0, dot);
                if (objectText.isEmpty() || Character.isDigit(objectText.charAt(0))) {
                    return List.of();
                }
                PyObject obj = interp.eval(objectText);
                PyObject dir = interp.getSystemState().getBuiltins().__finditem__("dir");
                for (PyObject n : dir.__call__(obj).asIterable()) {
                    names.add(n.toString());
                }
            }
        } catch (RuntimeException e) {
            // the text names nothing (yet), or evaluating it failed: no completions
            return List.of();
        }
        String prefix = head + (dot < 0 ? "" : tail.substring(0, dot + 1));
        List<String> out = new java.util.ArrayList<>();
        for (String n : names) {
            if (n.startsWith(partial) && (partial.startsWith("_") || !n.startsWith("_"))) {
                out.add(prefix + n);
            }
        }
        return out;
    }

    private static void addKeys(PyObject mapping, Set<String> names) {
        if (mapping == null) {
            return;
        }
        for (PyObject k : mapping.invoke("keys").asIterable()) {
            names.add(k.toString());
        }
    }

}

package org.daybreak.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value}, {@code --name=value} and {@code --flag} options and positional arguments
 * against the options a command declares. An undeclared option is a {@link UsageException} naming it.
 * {@code --} ends the options.
 */
public final class Args {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param command   the command's words for messages, e.g. {@code "h5 get"}
     * @param valued    options that take a value (without the leading dashes)
     * @param flags     options that take none
     */
    public Args(String command, List<String> args, Set<String> valued, Set<String> flags) {
        this.command = command;
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsDone && a.equals("--")) {
                optionsDone = true;
            } else if (!optionsDone && a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(command + ": option --" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    values.put(name, value);
                } else if (flags.contains(name)) {
                    if (value != null) {
                        throw new UsageException(command + ": option --" + name + " takes no value");
                    }
                    values.put(name, "true");
                } else {
                    throw new UsageException(command + ": unknown option --" + name);
                }
            } else if (!optionsDone && a.startsWith("-") && a.length() > 1 && !isNumber(a)) {
                throw new UsageException(command + ": unknown option " + a);
            } else {
                positional.add(a);
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The option's value; a {@link UsageException} when it is absent. */
    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": option --" + name + " is required");
        }
        return v;
    }

    public double getDouble(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": option --" + name + " needs a number, not '" + v + "'");
        }
    }

    public int getInt(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": option --" + name + " needs a whole number, not '" + v + "'");
        }
    }

    public List<String> positional() {
        return positional;
    }

    /** Positional argument {@code i}; a {@link UsageException} naming {@code what} when it is absent. */
    public String positional(int i, String what) {
        if (i >= positional.size()) {
            throw new UsageException(command + ": missing " + what);
        }
        return positional.get(i);
    }

    /** Fails when more than {@code n} positional arguments were given. */
    public void atMostPositional(int n) {
        if (positional.size() > n) {
            throw new UsageException(command + ": unexpected argument '" + positional.get(n) + "'");
        }
    }
}

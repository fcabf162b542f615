package io.javagpu.magics.builtin;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Environment variables for the notebook session. A JVM cannot change its own process environment, so %env
 * keeps its settings here, layered over {@link System#getenv()}: notebook code reads them with
 * {@code SessionEnv.get("NAME")} (not System.getenv), and processes started through {@link #processBuilder} get them.
 * Settings last until the kernel restarts.
 */
public final class SessionEnv {
    private static final Map<String, String> SET = new ConcurrentHashMap<>();
    private static final java.util.Set<String> UNSET = ConcurrentHashMap.newKeySet();

    private SessionEnv() {
    }

    /** The session's value of {@code name}: set with %env, else the process environment's; null if neither. */
    public static String get(String name) {
        String value = SET.get(name);
        if (value != null) return value;
        return UNSET.contains(name) ? null : System.getenv(name);
    }

    public static Optional<String> find(String name) {
        return Optional.ofNullable(get(name));
    }

    public static void set(String name, String value) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name: " + name);
        }
        if (value == null) {
            unset(name);
            return;
        }
        SET.put(name, value);
        UNSET.remove(name);
    }

    /** Hides {@code name} from this session (also a variable of the process environment). */
    public static void unset(String name) {
        SET.remove(name);
        UNSET.add(name);
    }

    /** The whole session environment (process environment plus %env settings), sorted by name. */
    public static Map<String, String> all() {
        Map<String, String> all = new TreeMap<>(System.getenv());
        all.keySet().removeAll(UNSET);
        all.putAll(SET);
        return Collections.unmodifiableMap(all);
    }

    /** A ProcessBuilder whose environment is the session's, so child processes see %env settings. */
    public static ProcessBuilder processBuilder(String... command) {
        return processBuilder(List.of(command));
    }

    public static ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeAll(UNSET);
        builder.environment().putAll(SET);
        return builder;
    }

    /** Forgets every %env setting (for tests and kernel restarts within one JVM). */
    public static void reset() {
        SET.clear();
        UNSET.clear();
    }
}

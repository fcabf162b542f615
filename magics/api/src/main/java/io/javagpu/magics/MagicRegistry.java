package io.javagpu.magics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * All known magics by name. Loading is forgiving: a provider that cannot be loaded is skipped and reported in
 * {@link #loadProblems()}, so one broken jar never takes the other magics down with it.
 */
public final class MagicRegistry {
    /** ServiceLoader promises only a best effort after an error; this bounds the loop if it cannot recover. */
    private static final int MAX_CONSECUTIVE_FAILURES = 100;
    private static final int MAX_SUGGESTIONS = 5;

    private final Map<String, Magic> byName = new TreeMap<>();
    private final List<String> loadProblems = new ArrayList<>();

    public static MagicRegistry load(ClassLoader loader) {
        MagicRegistry registry = new MagicRegistry();
        registry.addFrom(loader);
        return registry;
    }

    /**
     * Adds every magic that {@code loader} offers through ServiceLoader and that is not known yet. Never throws
     * for a broken provider; see {@link #loadProblems()}.
     */
    public synchronized int addFrom(ClassLoader loader) {
        int added = 0;
        Iterator<Magic> providers = ServiceLoader.load(Magic.class, loader).iterator();
        int failuresInARow = 0;
        while (failuresInARow < MAX_CONSECUTIVE_FAILURES) {
            try {
                if (!providers.hasNext()) break;
                Magic magic = providers.next();
                if (byName.putIfAbsent(magic.name(), magic) == null) added++;
                failuresInARow = 0;
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                failuresInARow++;
                // addFrom runs again after every class path change and meets the same broken provider again.
                String problem = describe(e);
                if (!loadProblems.contains(problem)) loadProblems.add(problem);
            }
        }
        return added;
    }

    private static String describe(Throwable problem) {
        StringBuilder text = new StringBuilder(String.valueOf(problem.getMessage()));
        for (Throwable cause = problem.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" (caused by ").append(cause).append(')');
        }
        return text.toString();
    }

    /** Providers that could not be loaded, one message each, in the order met. */
    public synchronized List<String> loadProblems() {
        return List.copyOf(loadProblems);
    }

    public synchronized void register(Magic magic) {
        byName.put(magic.name(), magic);
    }

    public synchronized Optional<Magic> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public synchronized Collection<Magic> all() {
        return List.copyOf(byName.values());
    }

    public synchronized List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /**
     * Magic names (without % signs) that start with {@code prefix}; leading % or %% in the prefix are ignored.
     * Exact-case matches come first, then case-insensitive ones.
     */
    public synchronized List<String> complete(String prefix) {
        String bare = stripPercent(prefix);
        List<String> exact = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        String lowerPrefix = bare.toLowerCase(Locale.ROOT);
        for (String name : byName.keySet()) {
            if (name.startsWith(bare)) exact.add(name);
            else if (name.toLowerCase(Locale.ROOT).startsWith(lowerPrefix)) loose.add(name);
        }
        exact.addAll(loose);
        return exact;
    }

    /**
     * The message for a magic that does not exist, with the closest names, e.g.
     * {@code Unknown magic %tme. Did you mean: %time, %timeit? (%lsmagic lists all)}.
     */
    public synchronized String unknownMagicMessage(String name) {
        String bare = stripPercent(name);
        List<String> suggestions = suggestions(bare);
        StringBuilder message = new StringBuilder("Unknown magic %").append(bare).append('.');
        if (!suggestions.isEmpty()) {
            message.append(" Did you mean: ");
            for (int i = 0; i < suggestions.size(); i++) {
                if (i > 0) message.append(", ");
                message.append(typedForm(byName.get(suggestions.get(i))));
            }
            message.append('?');
        }
        return message.append(" (%lsmagic lists all)").toString();
    }

    /** Known names within a few typos of {@code typed}, or of which a typo of {@code typed} is a prefix. */
    synchronized List<String> suggestions(String typed) {
        String lowerTyped = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, (lowerTyped.length() * 2) / 5);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : byName.keySet()) {
            String lowerName = name.toLowerCase(Locale.ROOT);
            int full = EditDistance.between(lowerTyped, lowerName);
            if (full <= allowed || EditDistance.toSomePrefix(lowerTyped, lowerName) <= allowed) {
                scored.add(new Scored(name, full));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return scored.stream().limit(MAX_SUGGESTIONS).map(Scored::name).toList();
    }

    private static String typedForm(Magic magic) {
        return (magic.isLineMagic() ? "%" : "%%") + magic.name();
    }

    private static String stripPercent(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '%') start++;
        return name.substring(start).trim();
    }
}

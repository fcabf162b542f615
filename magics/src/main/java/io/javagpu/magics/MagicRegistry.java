package io.javagpu.magics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** All known magics by name. (Skeleton: suggestions by edit distance come with the magic framework work.) */
public final class MagicRegistry {
    private final Map<String, Magic> byName = new TreeMap<>();
    private final List<String> loadProblems = new ArrayList<>();

    public static MagicRegistry load(ClassLoader loader) {
        MagicRegistry registry = new MagicRegistry();
        registry.addFrom(loader);
        return registry;
    }

    /** Adds every magic that {@code loader} offers through ServiceLoader and that is not known yet. */
    public synchronized int addFrom(ClassLoader loader) {
        int added = 0;
        java.util.Iterator<Magic> providers = ServiceLoader.load(Magic.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) break;
                Magic magic = providers.next();
                if (byName.putIfAbsent(magic.name(), magic) == null) added++;
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                loadProblems.add(String.valueOf(e.getMessage()));
            }
        }
        return added;
    }

    /** Providers that could not be loaded (named in META-INF/services but missing or failing). */
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

    /** The error text for an unknown magic. (Skeleton; suggestions come with the magic framework.) */
    public String unknownMagicMessage(String name) {
        return "Unknown magic %" + name + ". %lsmagic lists the magics.";
    }

    /** Magic names starting with {@code prefix}. */
    public synchronized List<String> complete(String prefix) {
        return byName.keySet().stream().filter(name -> name.startsWith(prefix)).toList();
    }
}

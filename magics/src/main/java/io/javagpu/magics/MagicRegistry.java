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

    public static MagicRegistry load(ClassLoader loader) {
        MagicRegistry registry = new MagicRegistry();
        registry.addFrom(loader);
        return registry;
    }

    /** Adds every magic that {@code loader} offers through ServiceLoader and that is not known yet. */
    public synchronized int addFrom(ClassLoader loader) {
        int added = 0;
        for (Magic magic : ServiceLoader.load(Magic.class, loader)) {
            if (byName.putIfAbsent(magic.name(), magic) == null) added++;
        }
        return added;
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
}

package io.javagpu.kernel.evaluation;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * javac's class table (its {@code Symtab.classes}: flat name to the class symbol in each module) for the compiler
 * contexts JShell reuses, with one difference: {@link #values()} is a view of the entries of JShell's {@code REPL}
 * package only. Lookups, insertions and removals by name see the whole table.
 * <p>
 * The one walk over {@code values()} in a JShell context is JShell's own, after every javac pass, to remove the
 * {@code REPL} package's classes: with the default imports the table holds ~1,950 JDK classes, so that walk was about
 * a tenth of a trivial cell (four passes, each following every symbol to its package). javac's only other walk, for
 * annotation processors, never runs in JShell (every pass has {@code -proc:none}).
 */
final class ReplClassTable extends HashMap<Object, Map<Object, Object>> {
    private final Map<Object, Map<Object, Object>> replEntries = new HashMap<>();

    ReplClassTable(Map<?, ? extends Map<?, ?>> table) {
        super(Math.max(16, table.size() * 2));
        table.forEach(this::putUnchecked);
    }

    @SuppressWarnings("unchecked")
    private void putUnchecked(Object name, Map<?, ?> classesByModule) {
        put(name, (Map<Object, Object>) classesByModule);
    }

    private static boolean isReplName(Object flatName) {
        return flatName.toString().startsWith(InternalAccess.SNIPPET_PACKAGE);
    }

    /** Keeps the REPL index in step with the table's entry for {@code name}, now {@code classesByModule}. */
    private Map<Object, Object> tracked(Object name, Map<Object, Object> classesByModule) {
        if (classesByModule == null) {
            replEntries.remove(name);
        } else if (isReplName(name)) {
            replEntries.put(name, classesByModule);
        }
        return classesByModule;
    }

    @Override
    public Map<Object, Object> put(Object name, Map<Object, Object> classesByModule) {
        tracked(name, classesByModule);
        return super.put(name, classesByModule);
    }

    @Override
    public Map<Object, Object> putIfAbsent(Object name, Map<Object, Object> classesByModule) {
        Map<Object, Object> present = super.putIfAbsent(name, classesByModule);
        if (present == null) tracked(name, classesByModule);
        return present;
    }

    @Override
    public void putAll(Map<?, ? extends Map<Object, Object>> table) {
        table.forEach(this::put);
    }

    @Override
    public Map<Object, Object> computeIfAbsent(Object name,
                                               Function<? super Object, ? extends Map<Object, Object>> newEntry) {
        return tracked(name, super.computeIfAbsent(name, newEntry));
    }

    @Override
    public Map<Object, Object> compute(Object name,
                                       BiFunction<? super Object, ? super Map<Object, Object>, ? extends Map<Object, Object>> remap) {
        return tracked(name, super.compute(name, remap));
    }

    @Override
    public Map<Object, Object> computeIfPresent(Object name,
                                                BiFunction<? super Object, ? super Map<Object, Object>, ? extends Map<Object, Object>> remap) {
        return tracked(name, super.computeIfPresent(name, remap));
    }

    @Override
    public Map<Object, Object> merge(Object name, Map<Object, Object> value,
                                     BiFunction<? super Map<Object, Object>, ? super Map<Object, Object>, ? extends Map<Object, Object>> remap) {
        return tracked(name, super.merge(name, value, remap));
    }

    @Override
    public Map<Object, Object> replace(Object name, Map<Object, Object> classesByModule) {
        Map<Object, Object> replaced = super.replace(name, classesByModule);
        if (replaced != null) tracked(name, classesByModule);
        return replaced;
    }

    @Override
    public boolean replace(Object name, Map<Object, Object> expected, Map<Object, Object> classesByModule) {
        boolean replaced = super.replace(name, expected, classesByModule);
        if (replaced) tracked(name, classesByModule);
        return replaced;
    }

    @Override
    public void replaceAll(BiFunction<? super Object, ? super Map<Object, Object>, ? extends Map<Object, Object>> remap) {
        super.replaceAll(remap);
        replEntries.replaceAll((name, classesByModule) -> get(name));
    }

    @Override
    public Map<Object, Object> remove(Object name) {
        replEntries.remove(name);
        return super.remove(name);
    }

    @Override
    public boolean remove(Object name, Object classesByModule) {
        boolean removed = super.remove(name, classesByModule);
        if (removed) replEntries.remove(name);
        return removed;
    }

    @Override
    public void clear() {
        replEntries.clear();
        super.clear();
    }

    /** The REPL package's entries; removing one through this view removes it from the table. */
    @Override
    public Collection<Map<Object, Object>> values() {
        return new AbstractCollection<>() {
            @Override
            public int size() {
                return replEntries.size();
            }

            @Override
            public Iterator<Map<Object, Object>> iterator() {
                Iterator<Map.Entry<Object, Map<Object, Object>>> entries = replEntries.entrySet().iterator();
                return new Iterator<>() {
                    private Object lastName;

                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Map<Object, Object> next() {
                        Map.Entry<Object, Map<Object, Object>> entry = entries.next();
                        lastName = entry.getKey();
                        return entry.getValue();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                        ReplClassTable.super.remove(lastName);
                    }
                };
            }
        };
    }
}

package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops from javac's name tables the names of the snippet classes and temporaries the kernel has forgotten. A javac
 * context keeps every name it ever met, and JShell reuses its contexts for the whole session: a trivial cell left five
 * names behind ({@code $7}, {@code $Fast$7}, {@code $Fast$7.java}, {@code REPL.$Fast$7}, {@code REPL/$Fast$7}),
 * ~0.5 KB of heap per cell on JDK 25 (class histograms over 2,700 cells). Only a table that maps strings to names
 * (javac's default from JDK 22) lets one go, and there two names are equal when their text is, so a name looked up
 * again after it was dropped still finds what it names; on an older javac this does nothing. Reaches into
 * {@code jdk.compiler} (opened by the jar's manifest).
 */
final class ForgottenNames {
    private final List<String> pending = new ArrayList<>();
    private boolean unreachable;
    private Field namesOfSymbolTable;
    private Field tableOfNames;
    private Field mapOfTable;

    /** Class {@code className} ("REPL.$Fast$7") is forgotten: the names javac made for it go at the next sweep. */
    synchronized void forgetClass(String className) {
        if (unreachable || !className.startsWith(InternalAccess.SNIPPET_PACKAGE)) return;
        String simpleName = className.substring(InternalAccess.SNIPPET_PACKAGE.length());
        pending.add(className);
        pending.add(className.replace('.', '/'));
        pending.add(simpleName);
        pending.add(simpleName + ".java");
    }

    /** Name {@code name} (a temporary's) names nothing any more: it goes at the next sweep. */
    synchronized void forget(String name) {
        if (!unreachable) pending.add(name);
    }

    /** No sweep will come (the contexts cannot be reached): names are not collected any more. */
    synchronized void neverRemoved() {
        unreachable = true;
        pending.clear();
    }

    /** How many names wait for the next sweep (for tests). */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** Removes the forgotten names from the name table of each of {@code symbolTables}; between javac passes only. */
    synchronized void removeFrom(Collection<?> symbolTables) {
        if (pending.isEmpty()) return;
        try {
            for (Object symbolTable : symbolTables) {
                Map<?, ?> names = nameMap(symbolTable);
                if (names == null) {
                    neverRemoved();
                    return;
                }
                pending.forEach(names::remove);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("javac's names of forgotten classes stay (" + e + ")");
            neverRemoved();
        }
        pending.clear();
    }

    /** The text of each name in the tables of {@code symbolTables} (for tests); empty where no table maps strings. */
    synchronized List<Set<String>> namesIn(Collection<?> symbolTables) {
        List<Set<String>> tables = new ArrayList<>();
        try {
            for (Object symbolTable : symbolTables) {
                Map<?, ?> names = nameMap(symbolTable);
                if (names == null) return List.of();
                Set<String> texts = new HashSet<>();
                for (Object text : names.keySet()) texts.add(text.toString());
                tables.add(texts);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
        return tables;
    }

    /** The map from text to name of the table behind {@code symbolTable}, or null where the table is of another kind. */
    private Map<?, ?> nameMap(Object symbolTable) throws ReflectiveOperationException {
        if (namesOfSymbolTable == null) namesOfSymbolTable = InternalAccess.field(symbolTable.getClass(), "names");
        Object names = namesOfSymbolTable.get(symbolTable);
        if (tableOfNames == null) tableOfNames = InternalAccess.field(names.getClass(), "table");
        Object table = tableOfNames.get(names);
        if (!table.getClass().getName().endsWith(".StringNameTable")) return null;
        if (mapOfTable == null) mapOfTable = InternalAccess.field(table.getClass(), "nameMap");
        return mapOfTable.get(table) instanceof Map<?, ?> map ? map : null;
    }
}

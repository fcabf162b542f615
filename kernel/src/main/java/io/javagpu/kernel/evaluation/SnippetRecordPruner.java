package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/**
 * Forgets JShell's record of each snippet the kernel has dropped. JShell keeps every snippet it ever made in a set and
 * in an index by key, dropped or not: it walks the index each time it wraps a snippet for javac, and from JDK 21 it
 * also copies the whole set at every javac pass (a 4,000-cell session on JDK 25 slowed from 10.8 to 15.1 ms per cell
 * in its second half). A dropped snippet can never be used again, so its record goes, with the source and wrappers
 * it holds; {@link JShell#snippets()} then lists the snippets still in use. Reaches into {@code jdk.jshell} (opened by
 * the jar manifest's {@code Add-Opens}); when its internals differ, nothing is forgotten.
 */
final class SnippetRecordPruner {
    private final Set<?> allSnippets;
    private final List<Object> snippetsByKeyIndex;
    private final Method keyOf;
    private final Field keyIndex;

    private SnippetRecordPruner(Set<?> allSnippets, List<Object> snippetsByKeyIndex, Method keyOf, Field keyIndex) {
        this.allSnippets = allSnippets;
        this.snippetsByKeyIndex = snippetsByKeyIndex;
        this.keyOf = keyOf;
        this.keyIndex = keyIndex;
    }

    /** A pruner for {@code shell}, or one that forgets nothing when JShell's internals cannot be reached. */
    @SuppressWarnings("unchecked")
    static SnippetRecordPruner of(JShell shell) {
        try {
            Object maps = InternalAccess.field(JShell.class, "maps").get(shell);
            Object all = InternalAccess.field(maps.getClass(), "snippets").get(maps);
            Object byKeyIndex = InternalAccess.field(maps.getClass(), "keyIndexToSnippet").get(maps);
            Method keyOf = InternalAccess.method(Snippet.class, "key");
            Field keyIndex = InternalAccess.field(keyOf.getReturnType(), "index");
            if (all instanceof Set<?> set && byKeyIndex instanceof List<?> list) {
                return new SnippetRecordPruner(set, (List<Object>) list, keyOf, keyIndex);
            }
            KernelLog.debug("JShell's snippet records are not a set and a list; dropped snippets keep them");
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot reach JShell's snippet records (" + e + "); dropped snippets keep them");
        }
        return new SnippetRecordPruner(null, null, null, null);
    }

    /** Whether this pruner reaches JShell's records (tests check it on the JDKs the kernel supports). */
    boolean active() {
        return allSnippets != null;
    }

    /** Forgets {@code dropped}; its key's slot is cleared only while it still names this snippet. */
    void forget(Snippet dropped) {
        if (!active()) return;
        try {
            allSnippets.remove(dropped);
            int index = keyIndex.getInt(keyOf.invoke(dropped));
            if (index < snippetsByKeyIndex.size() && snippetsByKeyIndex.get(index) == dropped) {
                snippetsByKeyIndex.set(index, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot forget the record of snippet " + dropped.id() + ": " + e);
        }
    }
}

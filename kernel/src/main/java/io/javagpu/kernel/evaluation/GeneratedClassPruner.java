package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Forgets the class files JShell compiled for snippets the kernel has dropped.
 *
 * <p>JShell keeps the bytes of every wrapper class it ever compiled in three places: its in-memory file manager
 * (which each of the four javac passes behind one evaluation lists again: measured, a trivial expression costs 8 ms
 * after 10 cells and over 20 ms after 800) and its class tracker; the class loader of the execution engine
 * ({@link SnippetLoaderDelegate}) keeps them too, to serve them as resources. No public API drops JShell's, so this
 * reaches into {@code jdk.jshell} (opened to the kernel by its jar manifest's {@code Add-Opens}); a store whose
 * internals differ in some JDK is left alone, and evaluation works as before.
 */
final class GeneratedClassPruner {
    /** Where JShell keeps class bytes: its map, and how a key of that map names a class. */
    private record Store(String name, Map<?, ?> entries, Function<Object, String> className) {
    }

    private static final String TRACKED = "tracked";

    /** The bytes JShell's class tracker is left with for a class that is loaded but forgotten: none, yet not null. */
    private static final byte[] FORGOTTEN = new byte[0];

    private final List<Store> stores;
    private final Method classFullName;
    private final ForgottenNames names;

    private GeneratedClassPruner(List<Store> stores, Method classFullName, ForgottenNames names) {
        this.stores = stores;
        this.classFullName = classFullName;
        this.names = names;
    }

    /**
     * A pruner for {@code shell} running on {@code engine}, which hands the classes it forgets to {@code names}, or
     * one that does nothing when JShell's internals cannot be reached.
     */
    static GeneratedClassPruner of(JShell shell, CellExecutionControl engine, ForgottenNames names) {
        Method classFullName;
        try {
            classFullName = InternalAccess.method(Snippet.class, "classFullName");
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot prune JShell class files (" + e + "); dropped snippets keep their classes");
            return new GeneratedClassPruner(List.of(), null, names);
        }
        List<Store> stores = new ArrayList<>();
        addStore(stores, "compiled", () -> {
            Object taskFactory = InternalAccess.taskFactory(shell);
            Object fileManager = InternalAccess.method(taskFactory.getClass(), "fileManager").invoke(taskFactory);
            return InternalAccess.field(fileManager.getClass(), "classObjects").get(fileManager);
        }, Object::toString);
        addStore(stores, TRACKED, () -> {
            Object tracker = InternalAccess.field(JShell.class, "classTracker").get(shell);
            return InternalAccess.field(tracker.getClass(), "map").get(tracker);
        }, Object::toString);
        stores.add(new Store("loaded", engine.classFiles(), Object::toString));
        return new GeneratedClassPruner(List.copyOf(stores), classFullName, names);
    }

    private interface Reach {
        Object get() throws ReflectiveOperationException;
    }

    private static void addStore(List<Store> stores, String name, Reach reach, Function<Object, String> className) {
        try {
            if (reach.get() instanceof Map<?, ?> map) {
                stores.add(new Store(name, map, className));
                return;
            }
            KernelLog.debug("JShell's " + name + " classes are not a map; dropped snippets keep them");
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot prune JShell's " + name + " classes (" + e + "); dropped snippets keep them");
        }
    }

    /** How many classes each store this pruner reaches ("compiled", "tracked", "loaded") still holds the bytes of. */
    Map<String, Integer> storedClassCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        stores.forEach(store -> counts.put(store.name(),
                (int) store.entries().values().stream().filter(entry -> !isOnlyLoadedMark(entry)).count()));
        return counts;
    }

    /** The name of the class JShell wrapped {@code snippet} in ("REPL.$JShell$12"), or null when it cannot be reached. */
    String classNameOf(Snippet snippet) {
        if (classFullName == null) return null;
        try {
            return (String) classFullName.invoke(snippet);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Forgets the wrapper class of a dropped snippet and the classes nested in it. A declaration's name can be
     * declared again (a temporary brought back, a {@code $3} the user declares), and JShell then names its class
     * after the same key: if its tracker forgot the old class had been loaded, it would load the new one under the
     * old name, and the class loader would hand back the old class. So for a declaration the tracker keeps an entry
     * with no bytes for the wrapper, and JShell goes on to a fresh class name, as for any class it cannot redefine
     * (the classes nested in the wrapper then get fresh names too). The tracker, which thus keeps one entry per
     * dropped declaration, is looked up by name: only the other stores, which hold live classes, are walked.
     */
    void forget(Snippet dropped) {
        String name = classNameOf(dropped);
        if (name != null) forgetClass(name, dropped instanceof PersistentSnippet);
    }

    /**
     * Forgets class {@code name} and the classes nested in it; {@code nameComesBack}: JShell may name a class so again
     * (see {@link #forget}).
     */
    void forgetClass(String name, boolean nameComesBack) {
        if (stores.isEmpty()) return;
        String nested = name + "$";
        Set<String> classes = new HashSet<>();
        classes.add(name);
        for (Store store : stores) {
            if (store.name().equals(TRACKED)) continue;
            store.entries().keySet().removeIf(key -> {
                String className = store.className().apply(key);
                boolean forgotten = className.equals(name) || className.startsWith(nested);
                if (forgotten) classes.add(className);
                return forgotten;
            });
        }
        for (Store store : stores) {
            if (!store.name().equals(TRACKED)) continue;
            for (String className : classes) {
                if (nameComesBack && className.equals(name)) {
                    Object info = store.entries().get(className);
                    if (info != null) keepOnlyLoadedMark(info);
                } else {
                    store.entries().remove(className);
                }
            }
        }
        classes.forEach(names::forgetClass);
    }

    private static boolean isOnlyLoadedMark(Object entry) {
        try {
            return entry != null && entry.getClass().getName().endsWith("ClassInfo")
                    && InternalAccess.field(entry.getClass(), "loadedBytes").get(entry) == FORGOTTEN;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Drops the bytes JShell's tracker holds for a class (its {@code ClassTracker.ClassInfo}), keeping "loaded". */
    private static void keepOnlyLoadedMark(Object classInfo) {
        try {
            InternalAccess.field(classInfo.getClass(), "currentBytes").set(classInfo, null);
            InternalAccess.field(classInfo.getClass(), "loadedBytes").set(classInfo, FORGOTTEN);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot drop the tracked bytes of a JShell class (" + e + "); they stay");
        }
    }
}

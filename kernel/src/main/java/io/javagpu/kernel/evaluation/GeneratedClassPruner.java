package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Forgets the class files JShell compiled for snippets the kernel has dropped.
 *
 * <p>JShell keeps every wrapper class it ever compiled in its in-memory file manager, and each of the four javac
 * passes behind one evaluation lists them all again (the REPL package is re-read on every task). Measured: a
 * trivial expression costs 8 ms after 10 cells and over 20 ms after 800. No public API drops them, so this
 * reaches into {@code jdk.jshell} (opened to the kernel by its jar manifest's {@code Add-Opens}); when the JDK's
 * internals differ, pruning turns itself off and evaluation works as before, only slower.
 */
final class GeneratedClassPruner {
    private final Map<?, ?> classFiles;
    private final Method classFullName;

    private GeneratedClassPruner(Map<?, ?> classFiles, Method classFullName) {
        this.classFiles = classFiles;
        this.classFullName = classFullName;
    }

    /** A pruner for {@code shell}, or one that does nothing when JShell's internals cannot be reached. */
    static GeneratedClassPruner of(JShell shell) {
        try {
            Object taskFactory = field(JShell.class, "taskFactory").get(shell);
            Method fileManagerOf = taskFactory.getClass().getDeclaredMethod("fileManager");
            fileManagerOf.setAccessible(true);
            Object fileManager = fileManagerOf.invoke(taskFactory);
            Object classObjects = field(fileManager.getClass(), "classObjects").get(fileManager);
            Method classFullName = Snippet.class.getDeclaredMethod("classFullName");
            classFullName.setAccessible(true);
            if (classObjects instanceof Map<?, ?> map) return new GeneratedClassPruner(map, classFullName);
            KernelLog.debug("JShell class files are not a map; dropped snippets keep their classes");
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot prune JShell class files (" + e + "); dropped snippets keep their classes");
        }
        return new GeneratedClassPruner(null, null);
    }

    boolean isActive() {
        return classFiles != null;
    }

    /** How many compiled classes JShell still holds, or -1 when that cannot be seen. */
    int storedClassCount() {
        return classFiles == null ? -1 : classFiles.size();
    }

    /** Forgets the wrapper class of a dropped snippet and the classes nested in it. */
    void forget(Snippet dropped) {
        if (classFiles == null) return;
        String name;
        try {
            name = (String) classFullName.invoke(dropped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
        if (name == null) return;
        String nested = name + "$";
        classFiles.keySet().removeIf(key -> key.equals(name) || key.toString().startsWith(nested));
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}

package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.JShell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps the class tables of the javac contexts JShell reuses cheap to walk. After every javac pass JShell walks the
 * whole table to remove its snippet classes, and javac leaves an empty entry behind for each name removed, which every
 * later walk visits again: a session slowed by a third over 2,000 cells (JFR: 15 to 77 of ~400 samples in that walk).
 * So after each cell the sweeper removes the empty entries, and it gives each context a {@link ReplClassTable}, whose
 * walk visits JShell's own classes instead of the ~1,950 JDK classes the default imports bring. Reaches into
 * {@code jdk.jshell} and {@code jdk.compiler} (opened by the jar's manifest); when their internals differ, it does
 * nothing.
 */
final class CompilerContextSweeper {
    private final Object taskFactory;
    private final Object contextPool;
    private final Map<?, ? extends Collection<?>> contextsByOptions;
    private final Method symbolTableOf;
    private final Field classesOf;
    /** Null where javac's internals differ. */
    private final ObjectScopeListeners objectListeners;
    private final ForgottenNames forgottenNames;
    private boolean replTablesRefused;

    private CompilerContextSweeper(Object taskFactory, Object contextPool, Map<?, ? extends Collection<?>> contextsByOptions,
                                   Method symbolTableOf, Field classesOf, ObjectScopeListeners objectListeners,
                                   ForgottenNames forgottenNames) {
        this.taskFactory = taskFactory;
        this.contextPool = contextPool;
        this.contextsByOptions = contextsByOptions;
        this.symbolTableOf = symbolTableOf;
        this.classesOf = classesOf;
        this.objectListeners = objectListeners;
        this.forgottenNames = forgottenNames;
    }

    /**
     * A sweeper for {@code shell}'s compiler contexts that also drops {@code forgottenNames} from them, or one that
     * does nothing when they cannot be reached.
     */
    @SuppressWarnings("unchecked")
    static CompilerContextSweeper of(JShell shell, ForgottenNames forgottenNames) {
        try {
            Object taskFactory = InternalAccess.taskFactory(shell);
            Object pool = InternalAccess.field(taskFactory.getClass(), "javacTaskPool").get(taskFactory);
            Object contexts = InternalAccess.field(pool.getClass(), "options2Contexts").get(pool);
            Method symbolTableOf = InternalAccess.symbolTableOf(pool.getClass().getClassLoader());
            Class<?> symtab = symbolTableOf.getDeclaringClass();
            if (contexts instanceof Map<?, ?> map) {
                return new CompilerContextSweeper(taskFactory, pool, (Map<?, ? extends Collection<?>>) map, symbolTableOf,
                        InternalAccess.field(symtab, "classes"), ObjectScopeListeners.of(symtab), forgottenNames);
            }
            KernelLog.debug("JShell's compiler contexts are not a map; their class tables are not swept");
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot sweep JShell's compiler contexts (" + e + ")");
        }
        forgottenNames.neverRemoved();
        return new CompilerContextSweeper(null, null, null, null, null, null, forgottenNames);
    }

    boolean isActive() {
        return contextsByOptions != null;
    }

    /**
     * Removes the empty entries from the class table of every idle compiler context, gives a context that was made
     * since the last sweep its {@link ReplClassTable}, purges the listeners javac left on Object's members
     * ({@link ObjectScopeListeners}) and drops the names of forgotten classes ({@link ForgottenNames}); between javac
     * passes only.
     */
    void sweep() {
        inContexts(symbolTables -> {
            for (Map<?, ?> classes : classTables(symbolTables)) {
                classes.values().removeIf(CompilerContextSweeper::isEmptyEntry);
            }
            if (objectListeners != null) {
                try {
                    for (Object symbolTable : symbolTables.keySet()) objectListeners.purge(symbolTable);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    KernelLog.debug("cannot purge javac's listeners on Object's members: " + e);
                }
            }
            forgottenNames.removeFrom(symbolTables.keySet());
            return null;
        });
    }

    /** How many listeners Object's members hold in each compiler context, live or not (for tests); empty when unreachable. */
    List<Integer> objectScopeListeners() {
        if (!isActive() || objectListeners == null) return List.of();
        return inContexts(symbolTables -> {
            List<Integer> counts = new ArrayList<>();
            try {
                for (Object symbolTable : symbolTables.keySet()) counts.add(objectListeners.count(symbolTable));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return List.of();
            }
            return counts;
        });
    }

    /**
     * The symbol table of each compiler context, to whether that context runs without annotation processing; empty
     * when they cannot be read.
     */
    private Map<Object, Boolean> symbolTablesWithoutAnnotationProcessing() {
        Map<Object, Boolean> symbolTables = new java.util.LinkedHashMap<>();
        try {
            for (Map.Entry<?, ? extends Collection<?>> contexts : contextsByOptions.entrySet()) {
                boolean withoutAnnotationProcessing = contexts.getKey() instanceof List<?> options
                        && options.contains("-proc:none");
                for (Object context : contexts.getValue()) {
                    symbolTables.put(symbolTableOf.invoke(null, context), withoutAnnotationProcessing);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot read a compiler context's symbol table: " + e);
            return Map.of();
        }
        return symbolTables;
    }

    /**
     * How many of JShell's class names the class tables hold with no class left (for tests), or -1 when they cannot be
     * reached. (javac leaves a few empty entries of its own, such as {@code java.lang} looked up as a class: one per
     * name, never walked.)
     */
    int emptyEntries() {
        if (!isActive()) return -1;
        return inContexts(symbolTables -> (int) classTables(symbolTables).stream()
                .flatMap(classes -> classes.values().stream()).filter(CompilerContextSweeper::isEmptyEntry).count());
    }

    /** The text of every name in each compiler context's name table (for tests); empty where javac's table is not a map of strings. */
    List<Set<String>> names() {
        if (!isActive()) return List.of();
        return inContexts(symbolTables -> forgottenNames.namesIn(symbolTables.keySet()));
    }

    /** How many of the compiler contexts walk only JShell's classes (for tests), or -1 when they cannot be reached. */
    int contextsWithReplTables() {
        if (!isActive()) return -1;
        return inContexts(symbolTables -> (int) classTables(symbolTables).stream()
                .filter(ReplClassTable.class::isInstance).count());
    }

    private static boolean isEmptyEntry(Object classesByModule) {
        return classesByModule instanceof Map<?, ?> byModule && byModule.isEmpty();
    }

    /** Runs {@code work} on the compiler contexts' symbol tables, walked once, while no javac pass can use them. */
    private <T> T inContexts(Function<Map<Object, Boolean>, T> work) {
        if (!isActive()) return null;
        // JShell runs its passes holding the task factory, and the pool hands out contexts holding itself
        synchronized (taskFactory) {
            synchronized (contextPool) {
                return work.apply(symbolTablesWithoutAnnotationProcessing());
            }
        }
    }

    /** The class tables of those contexts, a context without annotation processing given its {@link ReplClassTable}. */
    private List<Map<?, ?>> classTables(Map<Object, Boolean> symbolTablesWithoutAnnotationProcessing) {
        List<Map<?, ?>> tables = new ArrayList<>();
        try {
            for (Map.Entry<Object, Boolean> entry : symbolTablesWithoutAnnotationProcessing.entrySet()) {
                Object symbolTable = entry.getKey();
                if (!(classesOf.get(symbolTable) instanceof Map<?, ?> classes)) continue;
                tables.add(entry.getValue() && !replTablesRefused && classes.getClass() == HashMap.class
                        ? replTableFor(symbolTable, classes) : classes);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot read a compiler context's class table: " + e);
        }
        return tables;
    }

    /**
     * The context's table, now a {@link ReplClassTable}; as it was where the JDK refuses to replace it. The field is
     * final: JDK 26 and later warn about the write unless the kernel was started with final-field mutation enabled
     * (install.py adds the option where the JDK knows it).
     */
    private Map<?, ?> replTableFor(Object symbolTable, Map<?, ?> classes) {
        ReplClassTable table = new ReplClassTable(castTable(classes));
        try {
            classesOf.set(symbolTable, table);
            return table;
        } catch (IllegalAccessException | RuntimeException e) {
            KernelLog.debug("javac's class tables stay as they are (" + e + ")");
            replTablesRefused = true;
            return classes;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<?, ? extends Map<?, ?>> castTable(Map<?, ?> classes) {
        return (Map<?, ? extends Map<?, ?>>) classes;
    }
}

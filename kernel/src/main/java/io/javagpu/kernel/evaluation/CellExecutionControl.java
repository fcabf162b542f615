package io.javagpu.kernel.evaluation;

import io.javagpu.display.MimeBundle;
import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import jdk.jshell.spi.SPIResolutionException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Function;

/**
 * JShell's in-process execution, changed where a kernel needs it. Snippets run one after another on one thread with
 * a large stack ({@link SnippetThread}), whose thread group prints the uncaught exceptions of threads that cells
 * start (JShell's group swallows them). The snippet's value stays an object, rendered on that thread (so an interrupt
 * reaches a {@code toString} that never returns), and a thrown exception stays the Throwable it is: its cause chain
 * may be cyclic and its {@code getMessage} may throw, so the kernel renders it instead of JShell's copy.
 *
 * <p>Stopping: on JDK 21+ JShell's own instrumentation (kept by extending {@link LocalExecutionControl}) makes snippet
 * code check a stop flag at every backward branch; on JDK 17-19 the snippet thread is stopped (and replaced). Either
 * way the threads that the cell started are interrupted.
 */
final class CellExecutionControl extends LocalExecutionControl {
    /** Deep but legal recursion in cell code must fit; the memory is only reserved until used. */
    static final long CELL_STACK_BYTES = 256L << 20;
    private static final MethodType DO_IT = MethodType.methodType(Object.class);
    private static final Method NO_OP = noOp();

    private final SnippetLoaderDelegate classes;
    private final Function<Object, MimeBundle> richForm;
    private final Runnable beforeEachCell;
    private final SnippetThread snippets;
    private boolean cancelClassLoaded;
    private Field allStop;
    private Outcome outcome;

    /** What the last invocation produced: a value (and its rendering) or a throwable. */
    record Outcome(Object value, Rendered rendered, Throwable thrown) {
    }

    /** JShell's text for a value and, when a renderer knows the type, its rich form (null otherwise). */
    record Rendered(String text, MimeBundle rich) {
    }

    CellExecutionControl(Function<Object, MimeBundle> richForm, Runnable beforeEachCell) {
        this(new SnippetLoaderDelegate(), richForm, beforeEachCell);
    }

    private CellExecutionControl(SnippetLoaderDelegate classes, Function<Object, MimeBundle> richForm, Runnable beforeEachCell) {
        super(classes);
        this.classes = classes;
        this.richForm = richForm;
        this.beforeEachCell = beforeEachCell;
        this.snippets = new SnippetThread(new CellThreadGroup("cells"), CELL_STACK_BYTES, classes.classLoader());
    }

    /** The snippet classes' class files that {@link GeneratedClassPruner} drops, by class name. */
    Map<String, byte[]> classFiles() {
        return classes.classFiles();
    }

    /** A provider for {@code JShell.builder().executionEngine(provider, Map.of())} that hands out {@code control}. */
    static ExecutionControlProvider providerOf(CellExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "java-gpu-kernel";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    /** A cell begins: a stop interrupts the threads started from now on (besides the snippet) and its later snippets do not run. */
    void beginCell() {
        snippets.beginCell();
    }

    /** The outcome of the invocation that just ended, or null when none ran; clears it (nothing is held longer). */
    synchronized Outcome takeOutcome() {
        Outcome taken = outcome;
        outcome = null;
        return taken;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] rewritten = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            rewritten[i] = new ClassBytecodes(classes[i].name(), ExitCallRewriter.rewrite(classes[i].bytecodes()));
        }
        super.load(rewritten);
    }

    /**
     * As JShell's, but the snippet's method is reached through a method handle, which nothing keeps: reflection would
     * leave every cell's class holding an accessor for its method, with a method handle and its member name (~0.2 KB
     * of heap per cell, class histograms over 2,700 cells, JDK 25), for as long as the class stays loaded.
     */
    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException, EngineTerminationException {
        Class<?> snippetClass;
        try {
            snippetClass = findClass(className);
        } catch (Throwable e) {
            throw new InternalException(e.toString());
        }
        try {
            clientCodeEnter();
            String result = run(() -> doIt(snippetClass, methodName).invoke());
            System.out.flush();
            return result;
        } catch (RunException | InternalException | EngineTerminationException e) {
            throw e;
        } catch (InvocationTargetException e) {
            return throwConvertedInvocationException(e.getCause());
        } catch (Throwable e) {
            return throwConvertedOtherException(e);
        } finally {
            clientCodeLeave();
        }
    }

    /**
     * The snippet's method, its class initialized first (on the snippet thread, as a call would): a handle made for a
     * class not yet initialized checks at every call, and on JDK 17 remembers the class in a table of its own.
     */
    private static MethodHandle doIt(Class<?> snippetClass, String methodName) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(snippetClass, MethodHandles.lookup());
        lookup.ensureInitialized(snippetClass);
        return lookup.findStatic(snippetClass, methodName, DO_IT);
    }

    /** What the snippet code throws, and nothing else. */
    @FunctionalInterface
    private interface SnippetCall {
        Object call() throws Throwable;
    }

    /**
     * Runs {@code call} on the snippet thread and renders its value there; a throwable it throws comes out wrapped in
     * an {@link InvocationTargetException}, as from reflection.
     */
    private String run(SnippetCall call) throws Exception {
        loadCancelClass();
        if (allStop != null) allStop.set(null, false);
        synchronized (this) {
            outcome = null;
        }
        Object[] value = new Object[1];
        Rendered[] rendered = new Rendered[1];
        Throwable[] thrown = new Throwable[1];
        snippets.run(() -> {
            try {
                beforeEachCell.run();
                value[0] = call.call();
                rendered[0] = new Rendered(valueString(value[0]), richForm.apply(value[0]));
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, () -> stopSnippet(snippets.currentCell()));
        Throwable failure = thrown[0];
        if (failure instanceof StackOverflowError) snippets.retire();
        if (failure instanceof ThreadDeath || (rendered[0] == null && failure == null)) throw new StoppedException();
        synchronized (this) {
            outcome = new Outcome(value[0], rendered[0], failure);
        }
        if (failure != null) throw new InvocationTargetException(failure);
        return rendered[0].text();
    }

    /**
     * JDK 21+ instruments snippet classes with calls to a cancel class that JShell loads on its first invocation; the
     * kernel runs snippets itself, so it lets JShell run one empty invocation first.
     */
    private void loadCancelClass() throws Exception {
        if (cancelClassLoaded) return;
        cancelClassLoaded = true;
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        super.invoke(NO_OP);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        try {
            allStop = findClass("REPL.$Cancel$").getDeclaredField("allStop");
            allStop.setAccessible(true);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            allStop = null;
        }
    }

    /** JShell closes: the snippet thread ends once idle. */
    @Override
    public void close() {
        snippets.retire();
        super.close();
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        long cell = snippets.currentCell();
        super.stop();
        stopSnippet(cell);
    }

    /** Stops cell {@code cell} if it still runs: a stop that comes as the cell ends must not reach the next one. */
    @SuppressWarnings({"deprecation", "removal"})
    private void stopSnippet(long cell) {
        Thread thread = snippets.runningThread();
        if (!snippets.interruptSnippet(cell)) return;
        try {
            if (allStop != null) allStop.set(null, true);
        } catch (IllegalAccessException e) {
            KernelLog.warn("cannot raise JShell's stop flag: " + e);
        }
        if (thread != null && allStop == null) {
            try {
                snippets.retire();
                thread.stop();
            } catch (UnsupportedOperationException e) {
                KernelLog.debug("this JVM cannot stop a thread: " + e);
            }
        }
    }

    /**
     * JShell copies the exception with its causes into its own type recursively (a cyclic chain overflows the stack)
     * and calls {@code getMessage} (which may throw). It gets the chain up to the first repeat, with safe messages;
     * the kernel keeps the original Throwable to mark the cycle.
     */
    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (cause instanceof SPIResolutionException) return super.throwConvertedInvocationException(cause);
        UserException head = null;
        UserException tail = null;
        for (Throwable next : ThrowableText.causeChain(cause)) {
            UserException copy = new UserException(ThrowableText.message(next), next.getClass().getName(), next.getStackTrace());
            if (head == null) head = copy;
            else tail.initCause(copy);
            tail = copy;
        }
        throw head;
    }

    /** Prints uncaught exceptions of the threads cells start, as the JVM would, to the notebook and the log. */
    private static final class CellThreadGroup extends ThreadGroup {
        CellThreadGroup(String name) {
            super(name);
        }

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            if (error instanceof ThreadDeath) return;
            String text = "Exception in thread \"" + thread.getName() + "\" " + ThrowableText.stackTrace(error);
            KernelLog.warn(text);
            System.err.print(text);
            System.err.flush();
        }
    }

    public static void noOpSnippet() {
    }

    private static Method noOp() {
        try {
            Method method = CellExecutionControl.class.getMethod("noOpSnippet");
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}

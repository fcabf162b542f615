package io.javagpu.kernel.evaluation;

import io.javagpu.display.DisplaySink;
import io.javagpu.magics.EvaluationException;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicRegistry;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's side of {@link MagicContext}: JShell, the class path, the notebook's streams and displays. What needs
 * JShell waits for it to be built; the session's variables are none until then.
 */
public final class KernelMagicContext implements MagicContext {
    private final JShellStart shell;
    private final MagicRegistry registry;
    private final DisplaySink display;
    private final Interrupts interrupts;
    private final List<Path> classpath = new ArrayList<>();
    private final Path workingDirectory;
    private ClassLoader userClassLoader;

    KernelMagicContext(JShellStart shell, MagicRegistry registry, DisplaySink display, Interrupts interrupts,
                       Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        this.shell = shell;
        this.registry = registry;
        this.display = display;
        this.interrupts = interrupts;
    }

    @Override
    public Object eval(String code) throws EvaluationException {
        return shell.await().evaluate(code, 0).map(EvaluatedValue::object).orElse(null);
    }

    /**
     * An expression is compiled into {@code Blackhole.consume(expr)} so that the JIT cannot drop it as unused
     * (which would time an empty loop); statements, and void calls, are compiled as they are.
     */
    @Override
    public Runnable compileRunnable(String code) throws EvaluationException {
        JShellEvaluator evaluator = shell.await();
        String body = code.strip();
        while (body.endsWith(";")) body = body.substring(0, body.length() - 1).stripTrailing();
        try {
            return (Runnable) evaluator.objectOf("(Runnable) () -> io.javagpu.magics.Blackhole.consume(" + body + ")");
        } catch (EvaluationException notAnExpression) {
            return (Runnable) evaluator.objectOf("(Runnable) () -> { " + body + "; }");
        }
    }

    @Override
    public synchronized void addToClasspath(List<Path> entries) {
        for (Path entry : entries) {
            Path absolute = entry.toAbsolutePath().normalize();
            shell.awaitUnchecked().addToClasspath(absolute.toString());
            classpath.add(absolute);
        }
        registry.addFrom(userClassLoader());
    }

    @Override
    public synchronized List<Path> classpath() {
        return List.copyOf(classpath);
    }

    @Override
    public synchronized ClassLoader userClassLoader() {
        if (userClassLoader == null) {
            try {
                userClassLoader = (ClassLoader) shell.awaitUnchecked().objectOf("new Object(){}.getClass().getClassLoader()");
            } catch (EvaluationException e) {
                userClassLoader = getClass().getClassLoader();
            }
        }
        return userClassLoader;
    }

    @Override
    public Map<String, String> variableTypes() {
        return shell.ifReady().map(JShellEvaluator::variableTypes).orElse(Map.of());
    }

    @Override
    public String variableValue(String name) {
        return shell.ifReady().map(evaluator -> evaluator.variableValue(name)).orElse(null);
    }

    @Override
    public DisplaySink display() {
        return display;
    }

    @Override
    public PrintStream out() {
        return System.out;
    }

    @Override
    public PrintStream err() {
        return System.err;
    }

    @Override
    public void checkInterrupted() throws InterruptedException {
        interrupts.check();
    }

    @Override
    public MagicRegistry registry() {
        return registry;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }
}

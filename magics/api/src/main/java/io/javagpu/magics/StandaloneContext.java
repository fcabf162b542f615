package io.javagpu.magics;

import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A MagicContext for running magics outside a kernel (command-line checks such as GpuSmoke, tests): displays are
 * printed as their text/plain, there is no JShell (eval returns null, compiled code does nothing) and no class
 * path to extend. Subclasses override what they need.
 */
public class StandaloneContext implements MagicContext {
    private final PrintStream out;
    private final MagicRegistry registry = new MagicRegistry();

    public StandaloneContext(PrintStream out) {
        this.out = out;
    }

    @Override
    public Object eval(String code) throws EvaluationException {
        return null;
    }

    @Override
    public Runnable compileRunnable(String code) throws EvaluationException {
        return () -> { };
    }

    @Override
    public void addToClasspath(List<Path> entries) {
    }

    @Override
    public List<Path> classpath() {
        return List.of();
    }

    @Override
    public ClassLoader userClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public Map<String, String> variableTypes() {
        return Map.of();
    }

    @Override
    public String variableValue(String name) {
        return null;
    }

    /** Prints each new display's text/plain; updates (progress bars) are not printed. */
    @Override
    public DisplaySink display() {
        return new DisplaySink() {
            @Override
            public void display(MimeBundle bundle, String displayId) {
                if (displayId == null) out.println(bundle.data().get("text/plain"));
            }

            @Override
            public void update(MimeBundle bundle, String displayId) {
            }

            @Override
            public void clearOutput(boolean wait) {
            }
        };
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return out;
    }

    @Override
    public void checkInterrupted() throws InterruptedException {
    }

    @Override
    public MagicRegistry registry() {
        return registry;
    }

    @Override
    public Path workingDirectory() {
        return Path.of(".");
    }
}

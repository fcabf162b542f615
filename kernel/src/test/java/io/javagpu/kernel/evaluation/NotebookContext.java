package io.javagpu.kernel.evaluation;

import io.javagpu.display.DisplaySink;
import io.javagpu.display.RecordingSink;
import io.javagpu.magics.EvaluationException;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import io.javagpu.magics.MagicRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The kernel's own notebook runtime (JShell on the kernel's execution control, the magic registry, the kernel's
 * MagicContext) without the protocol, for tests of magics: System.out and System.err are captured while it is open, as
 * the kernel redirects them to the notebook, and displays are recorded.
 */
public final class NotebookContext implements MagicContext, AutoCloseable {
    public final RecordingSink sink = new RecordingSink();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final Interrupts.Holder interrupts = new Interrupts.Holder();
    private final NotebookRuntime runtime;

    public NotebookContext(Path workingDirectory) {
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            runtime = NotebookRuntime.create(sink, interrupts, workingDirectory);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    public String stdout() {
        System.out.flush();
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        System.err.flush();
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** The user's interrupt, as the kernel's interrupt_request gives it. */
    public void interrupt() {
        interrupts.interrupts().interrupt();
    }

    /** Runs {@code %name args} through the registry. */
    public Object line(String name, String args) throws Exception {
        return registry().find(name).orElseThrow(() -> new MagicException("no magic " + name)).runLine(this, args);
    }

    /** Runs {@code %%name args} with {@code body}. */
    public Object cell(String name, String args, String body) throws Exception {
        return registry().find(name).orElseThrow(() -> new MagicException("no magic " + name)).runCell(this, args, body);
    }

    private MagicContext context() {
        return runtime.context();
    }

    @Override
    public Object eval(String code) throws EvaluationException {
        return context().eval(code);
    }

    @Override
    public Runnable compileRunnable(String code) throws EvaluationException {
        return context().compileRunnable(code);
    }

    @Override
    public void addToClasspath(List<Path> entries) {
        context().addToClasspath(entries);
    }

    @Override
    public List<Path> classpath() {
        return context().classpath();
    }

    @Override
    public ClassLoader userClassLoader() {
        return context().userClassLoader();
    }

    @Override
    public Map<String, String> variableTypes() {
        return context().variableTypes();
    }

    @Override
    public String variableValue(String name) {
        return context().variableValue(name);
    }

    @Override
    public DisplaySink display() {
        return sink;
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
        context().checkInterrupted();
    }

    @Override
    public MagicRegistry registry() {
        return context().registry();
    }

    @Override
    public Path workingDirectory() {
        return context().workingDirectory();
    }

    @Override
    public void close() {
        if (runtime != null) runtime.evaluator().close();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}

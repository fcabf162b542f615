package io.javagpu.kernel.evaluation;

import io.javagpu.display.RecordingSink;
import io.javagpu.magics.EvaluationException;
import io.javagpu.magics.Magic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's own notebook runtime (JShell on the kernel's execution control, the magic registry, the kernel's
 * MagicContext) without the protocol, for tests of magics: System.out and System.err are captured while it is open, as
 * the kernel redirects them to the notebook, and displays are recorded.
 */
public final class NotebookContext implements AutoCloseable {
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
            runtime = NotebookRuntime.create(sink, interrupts, workingDirectory, JShellStart.begin());
        } catch (RuntimeException | Error e) {
            restoreStreams();
            throw e;
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

    /** Runs {@code %name args} through the registry, with the kernel's own MagicContext. */
    public Object line(String name, String args) throws Exception {
        return magic(name).runLine(runtime.context(), args);
    }

    /** Runs {@code %%name args} with {@code body}. */
    public Object cell(String name, String args, String body) throws Exception {
        return magic(name).runCell(runtime.context(), args, body);
    }

    private Magic magic(String name) throws MagicException {
        return runtime.registry().find(name).orElseThrow(() -> new MagicException("no magic " + name));
    }

    /** The kernel's MagicContext, for magics a test runs itself. */
    public MagicContext magicContext() {
        return runtime.context();
    }

    /** Evaluates code as a magic's {@code context.eval} does. */
    public Object eval(String code) throws EvaluationException {
        return runtime.context().eval(code);
    }

    public List<Path> classpath() {
        return runtime.context().classpath();
    }

    @Override
    public void close() {
        try {
            if (runtime != null) runtime.evaluator().close();
        } catch (EvaluationException jshellNeverStarted) {
            // nothing to close
        } finally {
            restoreStreams();
        }
    }

    private void restoreStreams() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}

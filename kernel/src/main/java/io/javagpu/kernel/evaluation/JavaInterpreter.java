package io.javagpu.kernel.evaluation;

import io.javagpu.display.Display;
import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;
import io.javagpu.magics.EvaluationException;

import java.util.Optional;

/**
 * The language side of the kernel, the only type the request handlers call: runs cells, completes, inspects, tells
 * whether code is complete and lists variables. Positions are code point offsets, as the protocol counts them.
 * JShell starts in the background (see {@link JShellStart}); the first call that needs it waits for it.
 */
public final class JavaInterpreter {
    private final Interrupts.Holder interruptHolder = new Interrupts.Holder();
    private final RuntimeLauncher runtime;

    /** {@code shell}: JShell, being built since the process started. */
    public JavaInterpreter(DisplaySink display, JShellStart shell) {
        this.runtime = new RuntimeLauncher(display, interruptHolder, shell);
    }

    /** Completes the runtime around JShell unless that has begun. */
    public void start() {
        runtime.start();
    }

    public Interrupts interrupts() {
        return interruptHolder.interrupts();
    }

    /**
     * Runs a cell (Java, magics, or both) and returns what it shows as its result: the value of its last expression,
     * unless that value is a display id (the display itself is what the cell shows).
     */
    public Optional<MimeBundle> execute(String cell) throws EvaluationException {
        Interrupts interrupts = interrupts();
        interrupts.beginCell(Thread.currentThread());
        try {
            Optional<EvaluatedValue> value = runtime.await().runner().run(cell);
            return value.filter(v -> !Display.isDisplayId(v.object())).map(EvaluatedValue::bundle);
        } catch (RuntimeException | Error e) {
            throw Errors.fromThrowable(e, "the kernel, while running the cell");
        } finally {
            interrupts.endCell();
        }
    }

    /** One of the user_expressions of an execute request: its value as a bundle (empty text when it has none). */
    public MimeBundle evaluateExpression(String expression) throws EvaluationException {
        return runtime.await().evaluator().evaluate(expression, 0).map(EvaluatedValue::bundle).orElse(MimeBundle.text(""));
    }

    public Completion complete(String code, int cursorCodePoints) throws EvaluationException {
        int cursor = SourcePositions.charIndex(code, cursorCodePoints);
        NotebookRuntime notebook = runtime.await();
        JShellEvaluator evaluator = notebook.evaluator();
        Completion found = evaluator.analyzing(code,
                () -> CodeCompletion.complete(evaluator, notebook.registry(), code, cursor));
        return new Completion(found.matches(), SourcePositions.codePointOffset(code, found.start()),
                SourcePositions.codePointOffset(code, found.end()));
    }

    public Inspection inspect(String code, int cursorCodePoints, boolean detailed) throws EvaluationException {
        JShellEvaluator evaluator = runtime.await().evaluator();
        return evaluator.analyzing(code, () -> Inspection.of(evaluator.analysis(), code,
                SourcePositions.charIndex(code, cursorCodePoints), detailed, name -> {
                    String type = evaluator.variableTypes().get(name);
                    return type == null ? null : name + " : " + type + " = " + evaluator.variableValue(name);
                }));
    }

    /** Documentation of an expression for the pager, as IPython answers {@code name?}. */
    public Inspection help(String target) throws EvaluationException {
        return inspect(target, target.codePointCount(0, target.length()), true);
    }

    public Completeness isComplete(String code) throws EvaluationException {
        return Completeness.of(runtime.await().evaluator().analysis(), code);
    }
}

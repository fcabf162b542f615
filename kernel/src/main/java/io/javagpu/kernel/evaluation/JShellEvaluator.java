package io.javagpu.kernel.evaluation;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs Java source in one in-process JShell. A cell may hold many snippets; each is split off with JShell's own
 * completeness analysis and evaluated in order, stopping at the first error. Errors point at cell lines.
 */
public final class JShellEvaluator implements AutoCloseable {

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** Snippet id to the cell line (1-based) where that snippet starts, for the cell being run. */
    private final Map<String, Integer> snippetStartLines = new HashMap<>();
    private volatile boolean stopRequested;
    private static final int KEPT_TEMPORARIES = 10;
    private final java.util.ArrayDeque<Snippet> temporaries = new java.util.ArrayDeque<>();
    private final GeneratedClassPruner pruner;

    public JShellEvaluator() {
        // -proc:none: notebooks use no annotation processors, and looking for them costs every snippet a few ms.
        this.shell = JShell.builder().executionEngine("local").compilerOptions("-proc:none").build();
        this.analysis = shell.sourceCodeAnalysis();
        this.pruner = GeneratedClassPruner.of(shell);
    }

    /** The pruner of dropped snippets' classes (package-private: tests look at what JShell still holds). */
    GeneratedClassPruner pruner() {
        return pruner;
    }

    public SourceCodeAnalysis analysis() {
        return analysis;
    }

    public JShell shell() {
        return shell;
    }

    /**
     * Evaluates a cell's code. {@code firstLine} is the 0-based line of {@code code} within the cell.
     * Returns the value of the last snippet when it is an expression.
     */
    public synchronized Optional<EvaluatedValue> evaluate(String code, int firstLine) throws CellError {
        stopRequested = false;
        snippetStartLines.clear();
        Optional<EvaluatedValue> last = Optional.empty();
        String remaining = code;
        int consumed = 0;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source = info.source();
            String rest = info.remaining();
            if (source == null || !info.completeness().isComplete()) {
                source = remaining;
                rest = "";
            }
            int leading = SourcePositions.lineOf(code, consumed + leadingWhitespace(remaining));
            int snippetLine = firstLine + leading + 1;
            last = evaluateSnippet(source.stripLeading(), snippetLine);
            consumed += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    private static int leadingWhitespace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    private Optional<EvaluatedValue> evaluateSnippet(String source, int cellLine) throws CellError {
        List<SnippetEvent> events = shell.eval(source);
        if (stopRequested) {
            throw new CellError("InterruptedException", "Execution interrupted",
                    List.of(Errors.red("Interrupted") + ": the cell was stopped at your request (cell line " + cellLine + ")"));
        }
        Optional<EvaluatedValue> value = Optional.empty();
        try {
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) continue;
                Snippet snippet = event.snippet();
                snippetStartLines.put(snippet.id(), cellLine);
                if (event.status() == Snippet.Status.REJECTED) throw compileError(snippet, source, cellLine);
                if (event.exception() != null) throw runtimeError(event.exception());
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) throw unresolved(snippet, cellLine);
                value = valueOf(event);
            }
            return value;
        } finally {
            retire(events);
        }
    }

    /**
     * JShell's cost per evaluation grows with the number of active snippets (measured: 7 ms with few, 39 ms after
     * 800), so what nothing can refer to again is dropped once it has run: statements, and expressions that are
     * not temporaries. Of the {@code $N} temporaries only the newest {@value #KEPT_TEMPORARIES} stay usable.
     */
    private void retire(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null || !shell.status(event.snippet()).isActive()) continue;
            Snippet snippet = event.snippet();
            if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                temporaries.addLast(snippet);
                while (temporaries.size() > KEPT_TEMPORARIES) drop(temporaries.removeFirst());
            } else if (snippet.kind() == Snippet.Kind.STATEMENT || snippet.kind() == Snippet.Kind.EXPRESSION) {
                drop(snippet);
            }
        }
    }

    private void drop(Snippet snippet) {
        shell.drop(snippet);
        pruner.forget(snippet);
    }

    private Optional<EvaluatedValue> valueOf(SnippetEvent event) {
        Snippet snippet = event.snippet();
        boolean expression = snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND
                || snippet.kind() == Snippet.Kind.EXPRESSION;
        if (!expression || event.value() == null) return Optional.empty();
        if (snippet instanceof VarSnippet var) {
            return Optional.of(new EvaluatedValue(event.value(), var.typeName(), var.name()));
        }
        if (snippet instanceof jdk.jshell.ExpressionSnippet expr) {
            return Optional.of(new EvaluatedValue(event.value(), expr.typeName(), expr.name()));
        }
        return Optional.empty();
    }

    private CellError compileError(Snippet snippet, String source, int cellLine) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return new CellError("CompilationError", "the snippet was rejected",
                    List.of(Errors.red("CompilationError") + " at cell line " + cellLine, source.strip()));
        }
        List<String> traceback = new ArrayList<>();
        String firstMessage = null;
        for (Diag diag : errors) {
            String message = diag.getMessage(Locale.ROOT);
            if (firstMessage == null) firstMessage = message;
            int position = (int) Math.max(0, diag.getStartPosition() < 0 ? diag.getPosition() : diag.getStartPosition());
            position = Math.min(position, source.length());
            int line = cellLine + SourcePositions.lineOf(source, position);
            traceback.add(Errors.red("CompilationError") + " at cell line " + line + ": " + message);
            traceback.add("    " + SourcePositions.lineText(source, position));
            traceback.add("    " + " ".repeat(SourcePositions.column(source, position)) + "^");
        }
        return new CellError("CompilationError", firstMessage, traceback);
    }

    private CellError unresolved(Snippet snippet, int cellLine) {
        List<String> missing = unresolvedOf(snippet);
        String message = "cannot find symbol" + (missing.isEmpty() ? "" : ": " + String.join(", ", missing));
        return new CellError("CompilationError", message,
                List.of(Errors.red("CompilationError") + " at cell line " + cellLine + ": " + message));
    }

    /** Turns an exception thrown by notebook code into the error output, with JShell frames as cell lines. */
    CellError runtimeError(JShellException exception) {
        String className;
        if (exception instanceof EvalException eval) {
            className = eval.getExceptionClassName();
        } else if (exception instanceof UnresolvedReferenceException unresolved) {
            String message = "attempted to use " + unresolved.getSnippet().subKind().kind().name().toLowerCase(Locale.ROOT)
                    + " '" + describe(unresolved.getSnippet()) + "' which cannot be used until "
                    + String.join(", ", unresolvedOf(unresolved.getSnippet())) + " is declared";
            return new CellError("UnresolvedReferenceException", message,
                    List.of(Errors.red("UnresolvedReferenceException") + ": " + message));
        } else {
            className = exception.getClass().getName();
        }
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        List<String> traceback = new ArrayList<>();
        traceback.add(Errors.red(className) + (message.isEmpty() ? "" : ": " + message));
        appendFrames(traceback, exception);
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            String causeName = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            traceback.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            appendFrames(traceback, cause);
        }
        return new CellError(className, message, traceback);
    }

    private void appendFrames(List<String> traceback, Throwable throwable) {
        for (StackTraceElement frame : throwable.getStackTrace()) {
            if (frame.getClassName().startsWith("jdk.jshell.") || frame.getClassName().startsWith("io.javagpu.kernel.") || frame.getClassName().startsWith("jdk.internal.reflect.")
                    || frame.getClassName().startsWith("java.lang.reflect.Method")) {
                continue;
            }
            traceback.add("        at " + describeFrame(frame));
        }
    }

    private String describeFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            String id = file.substring(1);
            Integer start = snippetStartLines.get(id);
            String method = frame.getMethodName().startsWith("do_it$") ? "" : frame.getMethodName() + " ";
            if (start != null) return method + "(cell line " + (start + frame.getLineNumber() - 1) + ")";
            return method + "(snippet #" + id + ", line " + frame.getLineNumber() + ")";
        }
        return frame.toString();
    }

    private List<String> unresolvedOf(Snippet snippet) {
        return snippet instanceof jdk.jshell.DeclarationSnippet declaration
                ? shell.unresolvedDependencies(declaration).toList() : List.of();
    }

    private static String describe(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet declaration) return declaration.name();
        return snippet.source().strip();
    }

    /** Asks a running snippet to stop (JShell stops it at its next check, or by stopping its thread on JDK 17). */
    public void stop() {
        stopRequested = true;
        shell.stop();
    }

    /** Variables of the session, name to type, in declaration order (temporaries included). */
    public Map<String, String> variableTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        shell.variables().filter(var -> shell.status(var).isActive()).forEach(var -> types.put(var.name(), var.typeName()));
        return types;
    }

    public String variableValue(String name) {
        return shell.variables().filter(var -> var.name().equals(name) && shell.status(var).isActive())
                .reduce((first, second) -> second)
                .map(shell::varValue).orElse(null);
    }

    /** The object held by a JShell expression, fetched through {@link ValueBridge}. */
    public synchronized Object objectOf(String expression) throws CellError {
        ValueBridge.take();
        evaluateQuietly("io.javagpu.kernel.evaluation.ValueBridge.park(" + expression + ");");
        return ValueBridge.take();
    }

    /** Evaluates kernel-generated code; an error is reported like a user error. */
    public synchronized void evaluateQuietly(String code) throws CellError {
        List<SnippetEvent> events = shell.eval(code);
        try {
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) continue;
                if (event.status() == Snippet.Status.REJECTED) throw compileError(event.snippet(), code, 1);
                if (event.exception() != null) throw runtimeError(event.exception());
            }
        } finally {
            retire(events);
        }
    }

    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /** Evaluates and drops a snippet so that the compiler and class loading are warm before the first cell. */
    public void warmUp() {
        for (SnippetEvent event : shell.eval("java.util.List.of(1).size() + 1")) drop(event.snippet());
    }

    @Override
    public void close() {
        shell.close();
    }
}

package io.javagpu.kernel.evaluation;

import io.javagpu.display.MimeBundle;
import io.javagpu.display.Renderers;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.magics.EvaluationException;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs Java source in one in-process JShell. A cell may hold many snippets; each is split off with JShell's own
 * completeness analysis and evaluated in order, stopping at the first error. Errors point at cell lines. Values
 * come back as the objects themselves ({@link CellExecutionControl} keeps them), rendered on the snippet's thread.
 */
public final class JShellEvaluator implements AutoCloseable {
    /** How many of the newest {@code $N} temporaries stay usable. */
    private static final int KEPT_TEMPORARIES = 10;
    private static final int KEPT_ONE_PASS_ORIGINS = 1000;

    /**
     * A one-pass class: the temporary it made (or null), the wrapper line its code starts on, and the cell it ran in
     * ({@code cell}, counted by {@link #evaluateCell}) at cell line {@code cellLine}.
     */
    private record OnePassOrigin(String temporary, int expressionLine, long cell, int cellLine) {
    }
    private static final Set<Class<?>> PLAIN_TYPES = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Character.class, Boolean.class, Float.class, Double.class);

    private final CellExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** Snippet id to the cell line (1-based) where that snippet starts, for the cell being run. */
    private final Map<String, Integer> snippetStartLines = new HashMap<>();
    /** Temporaries the running cell made or brought back: dropped when it ends, into {@link #recentTemporaries}. */
    private final List<VarSnippet> cellTemporaries = new ArrayList<>();
    /** Declarations the running cell made that name some {@code $N}: a temporary one of them uses stays declared. */
    private final List<Snippet> cellDeclarationsNamingTemporaries = new ArrayList<>();
    private final RecentTemporaries recentTemporaries;
    /** Temporaries of a type that cannot be declared again (an anonymous class): the newest stay active instead. */
    private final ArrayDeque<Snippet> activeTemporaries = new ArrayDeque<>();
    private final GeneratedClassPruner pruner;
    private final WrappedSourcePruner sourcePruner;
    private final SnippetRecordPruner recordPruner;
    private final DeferredClassIndex classIndex;
    private final CompilerContextSweeper sweeper;
    private final ForgottenNames forgottenNames;
    /** Null where JShell's internals differ: then JShell evaluates every snippet. */
    private final OnePassExpressions onePass;
    /** How many {@code $N} temporaries JShell and {@link #onePass} have named, together. */
    private int temporaryCount;
    /** Cells evaluated so far, the running one included. */
    private long cellCount;
    /** Where the code of the newest one-pass classes came from: their frames name a cell line, or the earlier cell. */
    private final Map<String, OnePassOrigin> onePassOrigins = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OnePassOrigin> eldest) {
            return size() > KEPT_ONE_PASS_ORIGINS;
        }
    };
    /** Temporaries of one-pass values the running cell made: kept at once (a later snippet of the cell may name them). */
    private final List<String> cellOnePassTemporaries = new ArrayList<>();
    /** Import lines JShell has not taken yet ({@link #deferImports}); null once it has them. */
    private List<String> deferredImports;
    /** Counted down when the first cell, or the first analysis, is over. */
    private final CountDownLatch firstUse = new CountDownLatch(1);
    private long onePassRuns;
    private volatile boolean stopRequested;

    public JShellEvaluator() {
        this(() -> { });
    }

    /** {@code beforeEachCell} runs on the thread of every snippet before the snippet (per-thread state such as the CUDA device). */
    public JShellEvaluator(Runnable beforeEachCell) {
        this.control = new CellExecutionControl(JShellEvaluator::richForm, beforeEachCell);
        // -proc:none: notebooks use no annotation processors, and looking for them costs every snippet a few ms.
        this.shell = JShell.builder().executionEngine(CellExecutionControl.providerOf(control), Map.of())
                .compilerOptions("-proc:none").tempVariableNameGenerator(() -> temporaryName(++temporaryCount))
                .fileManager(standard -> new NotebookFileManager(standard, NotebookClassPath.fromSystem())).build();
        this.analysis = shell.sourceCodeAnalysis();
        this.classIndex = DeferredClassIndex.hold(analysis);
        this.forgottenNames = new ForgottenNames();
        this.pruner = GeneratedClassPruner.of(shell, control, forgottenNames);
        this.recentTemporaries = new RecentTemporaries(KEPT_TEMPORARIES, name -> {
            if (!isActiveVariable(name)) forgottenNames.forget(name);
        });
        this.sourcePruner = WrappedSourcePruner.of(shell);
        this.recordPruner = SnippetRecordPruner.of(shell);
        this.sweeper = CompilerContextSweeper.of(shell, forgottenNames);
        this.onePass = "false".equals(System.getProperty(OnePassExpressions.SWITCH)) ? null
                : OnePassExpressions.of(shell);
    }

    private static String temporaryName(int number) {
        return "$" + number;
    }

    /** Values of these types show as JShell's text; others through the display renderers when one knows them. */
    private static MimeBundle richForm(Object value) {
        if (value == null || PLAIN_TYPES.contains(value.getClass())) return null;
        return Renderers.renderRich(value);
    }

    /** The pruner of dropped snippets' classes (package-private: tests look at what JShell still holds). */
    GeneratedClassPruner pruner() {
        return pruner;
    }

    WrappedSourcePruner sourcePruner() {
        return sourcePruner;
    }

    SnippetRecordPruner recordPruner() {
        return recordPruner;
    }

    CompilerContextSweeper sweeper() {
        return sweeper;
    }

    ForgottenNames forgottenNames() {
        return forgottenNames;
    }

    /** How many snippets ran as one-pass expressions ({@link OnePassExpressions}) rather than through JShell. */
    synchronized long onePassRuns() {
        return onePassRuns;
    }

    SourceCodeAnalysis analysis() {
        return analysis;
    }

    /** The analysis with JShell's class index built (the first call waits for it): what completion needs. */
    SourceCodeAnalysis completionAnalysis() {
        classIndex.releaseAndAwait();
        return analysis;
    }

    JShell shell() {
        return shell;
    }

    /**
     * Evaluates a cell's code. {@code firstLine} is the 0-based line of {@code code} within the cell.
     * Returns the value of the last snippet when it is an expression.
     */
    public synchronized Optional<EvaluatedValue> evaluate(String code, int firstLine) throws EvaluationException {
        try {
            return evaluateCell(code, firstLine);
        } finally {
            endCell(true);
        }
    }

    private Optional<EvaluatedValue> evaluateCell(String code, int firstLine) throws EvaluationException {
        stopRequested = false;
        control.beginCell();
        snippetStartLines.clear();
        cellCount++;
        Optional<EvaluatedValue> last = Optional.empty();
        String remaining = code;
        int consumed = 0;
        while (!remaining.isBlank()) {
            String source = remaining;
            String rest = "";
            if (mayHoldManySnippets(remaining)) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (info.source() != null && info.completeness().isComplete()) {
                    source = info.source();
                    rest = info.remaining();
                }
            }
            int leading = SourcePositions.lineOf(code, consumed + leadingWhitespace(remaining));
            restoreTemporariesNamedIn(source);
            last = evaluateSnippet(source.stripLeading(), firstLine + leading + 1);
            consumed += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    /**
     * Whether JShell's completeness analysis must split {@code code}: only a semicolon or a brace can end a snippet
     * before the end of the text. The analysis runs a javac parse for a snippet that starts with a name (`x`,
     * `list.size()`), which could begin a declaration as well as an expression.
     */
    private static boolean mayHoldManySnippets(String code) {
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ';' || c == '{' || c == '}') return true;
        }
        return false;
    }

    private static int leadingWhitespace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    private Optional<EvaluatedValue> evaluateSnippet(String source, int cellLine) throws EvaluationException {
        String nextTemporary = temporaryName(temporaryCount + 1);
        OnePassExpressions.Compiled compiled = onePass == null || isActiveVariable(nextTemporary)
                ? null : compileInOnePass(source, nextTemporary);
        if (compiled != null && load(compiled)) return runOnePass(compiled, cellLine);
        List<SnippetEvent> events;
        try {
            events = eval(source);
        } catch (StackOverflowError e) {
            throw new EvaluationException("CompilationError", "the code is nested too deeply for the compiler",
                    List.of(Errors.red("CompilationError") + " at cell line " + cellLine
                            + ": the code is nested too deeply for the compiler (split long expressions)"));
        }
        CellExecutionControl.Outcome outcome = control.takeOutcome();
        if (stopRequested) throw interrupted(cellLine);
        Optional<EvaluatedValue> value = Optional.empty();
        try {
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) continue;
                Snippet snippet = event.snippet();
                snippetStartLines.put(snippet.id(), cellLine);
                if (event.status() == Snippet.Status.REJECTED) throw compileError(snippet, source, cellLine);
                if (event.exception() != null) {
                    boolean whileShowing = outcome != null && outcome.rendered() == null && outcome.value() != null;
                    throw runtimeError(event.exception(), outcome == null ? null : outcome.thrown(), whileShowing);
                }
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) throw unresolved(snippet, cellLine);
                value = valueOf(event, outcome);
            }
            return value;
        } finally {
            retire(events);
        }
    }

    /**
     * What {@link #onePass} makes of {@code source}. While the imports are deferred it first tries without them: code
     * that compiles without them means the same with them, as none of the default imports brings a name that
     * {@code java.lang} has too ({@code DeferredImportsTest} checks it); code that parses but does not type without
     * them is tried again once JShell has taken them.
     */
    private OnePassExpressions.Compiled compileInOnePass(String source, String temporary) {
        return onePass.compile(source, temporary, deferredImports == null ? null : this::installDeferredImports);
    }

    /** Loads what {@link #onePass} compiled; false (and JShell takes the snippet) if the engine refuses it. */
    private boolean load(OnePassExpressions.Compiled compiled) {
        try {
            control.load(compiled.classes());
            return true;
        } catch (ExecutionControl.ExecutionControlException | RuntimeException e) {
            KernelLog.debug("one-pass class not loaded, JShell takes the snippet: " + e);
            pruner.forgetClass(compiled.className(), false);
            return false;
        }
    }

    /** Runs an expression {@link #onePass} compiled and loaded: its value is kept as a recent temporary would be. */
    private Optional<EvaluatedValue> runOnePass(OnePassExpressions.Compiled compiled, int cellLine) throws EvaluationException {
        String shownType = compiled.sourceType() == null ? null : shownType(compiled.sourceType());
        if (compiled.temporary() != null) temporaryCount++;
        onePassRuns++;
        onePassOrigins.put(compiled.className(),
                new OnePassOrigin(compiled.temporary(), compiled.expressionLine(), cellCount, cellLine));
        String text;
        try {
            text = OnePassExpressions.expunge(control.invoke(compiled.className(), "do_it$"));
        } catch (ExecutionControl.UserException e) {
            CellExecutionControl.Outcome outcome = control.takeOutcome();
            if (stopRequested) throw interrupted(cellLine);
            Throwable thrown = outcome == null ? null : outcome.thrown();
            if (thrown == null) throw new EvaluationException(e.causeExceptionClass(), String.valueOf(e.getMessage()), List.of(e.toString()));
            boolean whileShowing = outcome.rendered() == null && outcome.value() != null;
            throw runtimeError(thrown, thrown, whileShowing);
        } catch (ExecutionControl.StoppedException e) {
            control.takeOutcome();
            throw interrupted(cellLine);
        } catch (ExecutionControl.ResolutionException e) {
            control.takeOutcome();
            Optional<Snippet> declaration = shell.snippets().filter(snippet -> snippet.id().equals(String.valueOf(e.id()))).findFirst();
            if (declaration.isPresent()) throw unresolvedUse(declaration.get());
            throw new EvaluationException("UnresolvedReferenceException", String.valueOf(e.getMessage()),
                    List.of(Errors.red("UnresolvedReferenceException") + ": " + e.getMessage()));
        } catch (ExecutionControl.ExecutionControlException e) {
            control.takeOutcome();
            throw new EvaluationException("InternalError", String.valueOf(e.getMessage()),
                    List.of(Errors.red("InternalError") + ": the kernel could not run the snippet: " + e));
        } finally {
            keepOrForget(compiled, shownType);
        }
        CellExecutionControl.Outcome outcome = control.takeOutcome();
        if (stopRequested) throw interrupted(cellLine);
        if (compiled.shownName() == null) return Optional.empty();
        MimeBundle rich = outcome == null || outcome.rendered() == null ? null : outcome.rendered().rich();
        return Optional.of(new EvaluatedValue(text, shownType, compiled.shownName(),
                outcome == null ? null : outcome.value(), rich));
    }

    /**
     * A one-pass value's temporary is kept at once, as a recent temporary; a class that holds no temporary (a void
     * call, a variable's value) has nothing a later snippet could name.
     */
    private void keepOrForget(OnePassExpressions.Compiled compiled, String shownType) {
        if (compiled.temporary() == null) {
            pruner.forgetClass(compiled.className(), false);
        } else {
            recentTemporaries.keep(RecentTemporaries.Kept.ofOnePass(compiled, shownType, pruner));
            cellOnePassTemporaries.add(compiled.temporary());
        }
    }

    private static EvaluationException interrupted(int cellLine) {
        return new EvaluationException("InterruptedException", "Execution interrupted",
                List.of(Errors.red("Interrupted") + ": the cell was stopped at your request (cell line " + cellLine + ")"));
    }

    /**
     * JShell's cost per evaluation grows with the number of active snippets (measured: 7 ms with few, 39 ms after
     * 800), so what nothing can refer to again is dropped once it has run: statements, and expressions that are
     * not temporaries. Temporaries go when their cell ends ({@link #endCell}).
     */
    private void retire(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null || !shell.status(event.snippet()).isActive()) continue;
            Snippet snippet = event.snippet();
            if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                cellTemporaries.add((VarSnippet) snippet);
            } else if (snippet.kind() == Snippet.Kind.STATEMENT || snippet.kind() == Snippet.Kind.EXPRESSION) {
                dropAndForget(snippet);
            } else if (snippet instanceof jdk.jshell.PersistentSnippet && snippet.source().indexOf('$') >= 0) {
                cellDeclarationsNamingTemporaries.add(snippet);
            }
        }
    }

    /**
     * What {@code analysis} finds in {@code code} (completion, inspection) with the kept temporaries it names declared
     * for the time, so that {@code $3.} completes as it would have while {@code $3} was active.
     */
    synchronized <T> T analyzing(String code, java.util.function.Supplier<T> analysis) {
        try {
            installDeferredImports();
            control.beginCell();
            restoreTemporariesNamedIn(code);
            return analysis.get();
        } finally {
            endCell(true);
        }
    }

    /** Declares again the kept temporaries that {@code source} names, so that it can use them ({@link RecentTemporaries}). */
    private void restoreTemporariesNamedIn(String source) {
        for (String declaration : recentTemporaries.declarationsFor(source, this::isActiveVariable)) {
            List<SnippetEvent> events = eval(declaration);
            control.takeOutcome();
            for (SnippetEvent event : events) {
                if (event.causeSnippet() == null && event.snippet() instanceof VarSnippet restored
                        && shell.status(restored).isActive()) {
                    cellTemporaries.add(restored);
                }
            }
        }
    }

    /** Whether JShell has an active variable of that name. */
    boolean isActiveVariable(String name) {
        return activeVariable(name).isPresent();
    }

    /** The active variable of that name (the newest, should JShell hold more than one). */
    private Optional<VarSnippet> activeVariable(String name) {
        return shell.variables().filter(var -> var.name().equals(name) && shell.status(var).isActive())
                .reduce((first, second) -> second);
    }

    /**
     * Drops the temporaries of the cell that ended; {@code keep}: they stay usable as recent temporaries. One that
     * a declaration uses (a method returning {@code $3}) stays declared, as dropping it would break that; such a
     * declaration can only come from the same cell, the one cell in which the temporary was active. Then sweeps the
     * compiler contexts, once per cell.
     */
    private void endCell(boolean keep) {
        List<VarSnippet> ended = List.copyOf(cellTemporaries);
        List<Snippet> users = cellDeclarationsNamingTemporaries.stream()
                .filter(snippet -> !ended.contains(snippet) && shell.status(snippet).isActive()).toList();
        cellTemporaries.clear();
        cellDeclarationsNamingTemporaries.clear();
        if (!keep) cellOnePassTemporaries.forEach(recentTemporaries::forget);
        cellOnePassTemporaries.clear();
        for (VarSnippet temporary : ended) {
            if (!shell.status(temporary).isActive() || isUsedBy(users, temporary.name())) continue;
            if (keep && !RecentTemporaries.canBringBack(temporary)) {
                activeTemporaries.addLast(temporary);
                while (activeTemporaries.size() > KEPT_TEMPORARIES) dropAndForget(activeTemporaries.removeFirst());
                continue;
            }
            drop(temporary);
            if (keep) recentTemporaries.keep(RecentTemporaries.Kept.ofSnippet(temporary, pruner));
            else pruner.forget(temporary);
        }
        sweeper.sweep();
        firstUse.countDown();
    }

    private void dropAndForget(Snippet snippet) {
        drop(snippet);
        pruner.forget(snippet);
    }

    private static boolean isUsedBy(List<Snippet> users, String name) {
        return users.stream().anyMatch(user -> RecentTemporaries.namesIn(user.source()).contains(name));
    }

    /** Drops {@code snippet} and what JShell keeps of its source and record; its classes stay (see {@link GeneratedClassPruner#forget}). */
    private void drop(Snippet snippet) {
        shell.drop(snippet);
        sourcePruner.forget(snippet);
        recordPruner.forget(snippet);
    }

    private static Optional<EvaluatedValue> valueOf(SnippetEvent event, CellExecutionControl.Outcome outcome) {
        Snippet snippet = event.snippet();
        boolean expression = snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND
                || snippet.kind() == Snippet.Kind.EXPRESSION;
        if (!expression || event.value() == null) return Optional.empty();
        Object object = outcome == null ? null : outcome.value();
        MimeBundle rich = outcome == null || outcome.rendered() == null ? null : outcome.rendered().rich();
        String typeName = snippet instanceof VarSnippet var ? var.typeName()
                : snippet instanceof jdk.jshell.ExpressionSnippet expr ? expr.typeName() : null;
        String name = snippet instanceof VarSnippet var ? var.name()
                : snippet instanceof jdk.jshell.ExpressionSnippet expr ? expr.name() : null;
        if (typeName == null) return Optional.empty();
        return Optional.of(new EvaluatedValue(event.value(), typeName, name, object, rich));
    }

    private EvaluationException compileError(Snippet snippet, String source, int cellLine) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return new EvaluationException("CompilationError", "the snippet was rejected",
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
        return new EvaluationException("CompilationError", firstMessage, traceback);
    }

    private EvaluationException unresolved(Snippet snippet, int cellLine) {
        List<String> missing = unresolvedOf(snippet);
        String message = "cannot find symbol" + (missing.isEmpty() ? "" : ": " + String.join(", ", missing));
        return new EvaluationException("CompilationError", message,
                List.of(Errors.red("CompilationError") + " at cell line " + cellLine + ": " + message));
    }

    /**
     * An exception thrown by notebook code, from JShell's copy (its frames point into snippets, shown as cell lines)
     * or the Throwable itself (from a one-pass expression), whose cause chain may end in a cycle. {@code whileShowing}:
     * it came from the value's {@code toString}, after the code itself had run.
     */
    private EvaluationException runtimeError(Throwable exception, Throwable original, boolean whileShowing) {
        if (exception instanceof UnresolvedReferenceException unresolved) return unresolvedUse(unresolved.getSnippet());
        String className = className(exception);
        String message = ThrowableText.message(exception);
        List<String> traceback = new ArrayList<>();
        if (whileShowing) traceback.add("The cell ran, but showing its value failed:");
        traceback.add(Errors.red(className) + (message.isEmpty() ? "" : ": " + message));
        appendFrames(traceback, exception);
        List<Throwable> chain = ThrowableText.causeChain(exception);
        for (Throwable cause : chain.subList(1, chain.size())) {
            String causeMessage = ThrowableText.message(cause);
            traceback.add("Caused by: " + className(cause) + (causeMessage.isEmpty() ? "" : ": " + causeMessage));
            appendFrames(traceback, cause);
        }
        Throwable repeated = original == null ? null : ThrowableText.firstRepeatedCause(original);
        if (repeated != null) traceback.add("Caused by: [CIRCULAR REFERENCE: " + ThrowableText.headline(repeated) + "]");
        return new EvaluationException(className, message, traceback);
    }

    /** A declaration whose body names what is not declared yet was called. */
    private EvaluationException unresolvedUse(Snippet declaration) {
        String message = "attempted to use " + declaration.subKind().kind().name().toLowerCase(Locale.ROOT)
                + " '" + describe(declaration) + "' which cannot be used until "
                + String.join(", ", unresolvedOf(declaration)) + " is declared";
        return new EvaluationException("UnresolvedReferenceException", message,
                List.of(Errors.red("UnresolvedReferenceException") + ": " + message));
    }

    private static String className(Throwable error) {
        return error instanceof EvalException eval ? eval.getExceptionClassName() : error.getClass().getName();
    }

    private void appendFrames(List<String> traceback, Throwable throwable) {
        for (StackTraceElement frame : throwable.getStackTrace()) {
            if (!isKernelFrame(frame)) traceback.add("        at " + describeFrame(frame));
        }
    }

    private static boolean isKernelFrame(StackTraceElement frame) {
        String owner = frame.getClassName();
        return owner.startsWith("jdk.jshell.") || owner.startsWith("io.javagpu.kernel.") || owner.startsWith("jdk.internal.reflect.")
                || owner.startsWith("java.lang.reflect.Method") || owner.startsWith("java.lang.Thread");
    }

    private String describeFrame(StackTraceElement raw) {
        OnePassOrigin origin = OnePassExpressions.isOwnClass(raw.getClassName()) && raw.getLineNumber() > 0
                ? onePassOrigins.get(OnePassExpressions.outerClassOf(raw.getClassName())) : null;
        if (origin != null) {
            int line = raw.getLineNumber() - origin.expressionLine() + 1;
            if (origin.cell() == cellCount) return methodLabel(raw) + "(cell line " + (origin.cellLine() + line - 1) + ")";
            String cell = origin.temporary() == null ? "an earlier cell" : "the cell that made " + origin.temporary();
            return methodLabel(raw) + "(" + cell + ", line " + line + ")";
        }
        StackTraceElement frame = sourcePruner.inSnippetTerms(raw);
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            String id = file.substring(1);
            Integer start = snippetStartLines.get(id);
            if (start != null) return methodLabel(frame) + "(cell line " + (start + frame.getLineNumber() - 1) + ")";
            return methodLabel(frame) + "(snippet #" + id + ", line " + frame.getLineNumber() + ")";
        }
        return frame.toString();
    }

    /** A frame's method as a traceback names it: none for the snippet's own body ({@code do_it$}). */
    private static String methodLabel(StackTraceElement frame) {
        String name = frame.getMethodName();
        return name.isEmpty() || name.startsWith("do_it$") ? "" : name + " ";
    }

    private List<String> unresolvedOf(Snippet snippet) {
        return snippet instanceof jdk.jshell.DeclarationSnippet declaration
                ? shell.unresolvedDependencies(declaration).toList() : List.of();
    }

    private static String describe(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet declaration) return declaration.name();
        return snippet.source().strip();
    }

    /** Asks a running snippet to stop (at its next check on JDK 21+, by stopping its thread before). */
    public void stop() {
        stopRequested = true;
        shell.stop();
    }

    /** Variables of the session, name to type: the recent temporaries, then the declared variables in declaration order. */
    public Map<String, String> variableTypes() {
        Map<String, String> types = new LinkedHashMap<>(recentTemporaries.types());
        shell.variables().filter(var -> shell.status(var).isActive()).forEach(var -> types.put(var.name(), var.typeName()));
        return types;
    }

    public String variableValue(String name) {
        Optional<String> declared = activeVariable(name).map(shell::varValue);
        if (declared.isPresent()) return declared.get();
        RecentTemporaries.Kept temporary = recentTemporaries.get(name);
        String wrapper = temporary == null ? null : temporary.className();
        if (wrapper == null) return null;
        try {
            return OnePassExpressions.expunge(control.varValue(wrapper, name));
        } catch (ExecutionControl.ExecutionControlException e) {
            return null;
        }
    }

    /** The object an expression evaluates to, in one evaluation; the temporary it makes is dropped at once. */
    public synchronized Object objectOf(String expression) throws EvaluationException {
        try {
            return evaluateCell(expression, 0).map(EvaluatedValue::object).orElse(null);
        } finally {
            endCell(false);
        }
    }

    /** JShell's evaluation of {@code source}, JShell having taken the session's imports first. */
    private List<SnippetEvent> eval(String source) {
        installDeferredImports();
        return shell.eval(source);
    }

    /**
     * Imports for JShell to take later ({@link #installDeferredImports}). JShell takes imports in three javac passes,
     * each in a compiler context of its own, all cold in a new JShell, and javac lists every package a star import
     * names; a first cell such as {@code 1 + 1} needs one context and no imports ({@link #compileInOnePass}). This warms
     * that context now with a trial expression. Where the one pass is off, JShell takes the imports at once.
     */
    synchronized void deferImports(List<String> lines) {
        if (lines.isEmpty()) return;
        if (onePass == null) {
            importAll(lines);
            return;
        }
        deferredImports = List.copyOf(lines);
        OnePassExpressions.Compiled trial = onePass.compile("1 + 1", temporaryName(0), null);
        if (trial != null) pruner.forgetClass(trial.className(), false);
    }

    /** Gives JShell the imports {@link #deferImports} held back, if it has not taken them yet. */
    synchronized void installDeferredImports() {
        if (deferredImports == null) return;
        List<String> lines = deferredImports;
        deferredImports = null;
        importAll(lines);
    }

    synchronized boolean importsDeferred() {
        return deferredImports != null;
    }

    /** Whether the first cell or analysis is over within {@code wait}. */
    boolean awaitFirstUse(Duration wait) throws InterruptedException {
        return firstUse.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The imports one snippet each (JShell shows a type by its simple name only for the first import of a snippet). */
    private void importAll(List<String> lines) {
        for (String line : lines) {
            List<SnippetEvent> events = shell.eval(line);
            control.takeOutcome();
            for (SnippetEvent event : events) {
                if (event.causeSnippet() == null && event.status() == Snippet.Status.REJECTED) {
                    KernelLog.warn("startup import failed: " + line + ": " + compileError(event.snippet(), line, 1).errorValue());
                }
            }
        }
    }

    /**
     * A one-pass value's type as JShell shows it: by simple names where the session imports them. A name still
     * qualified may be one that the deferred imports would shorten, so JShell takes them first.
     */
    private String shownType(String sourceType) {
        String shown = onePass.displayName(sourceType);
        if (deferredImports == null || shown.indexOf('.') < 0) return shown;
        installDeferredImports();
        return onePass.displayName(sourceType);
    }

    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    @Override
    public void close() {
        classIndex.release();
        shell.close();
    }
}

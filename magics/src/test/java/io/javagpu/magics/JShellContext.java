package io.javagpu.magics;

import io.javagpu.display.DisplaySink;
import io.javagpu.display.RecordingSink;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A MagicContext over a real JShell that runs in this JVM ("local" execution), so that values and Runnables
 * cross over as objects, for tests of magics.
 */
public final class JShellContext implements MagicContext, AutoCloseable {
    private final JShell shell;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final List<Path> classpath = new ArrayList<>();
    private final MagicRegistry registry;
    private final Path workingDirectory;
    public final RecordingSink sink = new RecordingSink();
    public final List<String> evaluated = new ArrayList<>();
    public volatile boolean interrupted;

    public JShellContext(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        this.shell = JShell.builder().executionEngine("local").out(out).err(err).build();
        shell.addToClasspath(codeSource(MagicResults.class));
        runStartupImports();
        this.registry = MagicRegistry.load(JShellContext.class.getClassLoader());
    }

    /** The kernel's startup imports; lines naming classes this module lacks (the GPU API) are skipped. */
    private void runStartupImports() {
        try (var in = JShellContext.class.getResourceAsStream("/io/javagpu/startup-imports.jsh")) {
            String imports = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            imports.lines().filter(line -> !line.isBlank()).forEach(shell::eval);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public String stdout() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Object eval(String code) throws EvaluationException {
        evaluated.add(code);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        Snippet last = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source = info.completeness().isComplete() ? info.source() : remaining;
            last = evalOne(source);
            remaining = info.completeness().isComplete() ? info.remaining() : "";
        }
        if (last instanceof VarSnippet variable && variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return MagicResults.take(parkedId("io.javagpu.magics.MagicResults.park(" + variable.name() + ")"));
        }
        if (last instanceof ExpressionSnippet expression && expression.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            return MagicResults.take(parkedId("io.javagpu.magics.MagicResults.park(" + expression.name() + ")"));
        }
        return null;
    }

    private Snippet evalOne(String source) throws EvaluationException {
        Snippet snippet = null;
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) continue;
            snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                StringBuilder message = new StringBuilder();
                shell.diagnostics(snippet).forEach((Diag diag) -> message.append(diag.getMessage(Locale.ROOT)).append('\n'));
                throw new EvaluationException("CompilationError", message.toString().strip(), List.of());
            }
            if (event.exception() != null) {
                Exception thrown = event.exception();
                String name = thrown instanceof jdk.jshell.EvalException eval ? eval.getExceptionClassName() : thrown.getClass().getName();
                throw new EvaluationException(name, String.valueOf(thrown.getMessage()), List.of());
            }
        }
        return snippet;
    }

    private long parkedId(String expression) throws EvaluationException {
        for (SnippetEvent event : shell.eval(expression)) {
            if (event.status() == Snippet.Status.REJECTED) {
                StringBuilder message = new StringBuilder();
                shell.diagnostics(event.snippet()).forEach(diag -> message.append(diag.getMessage(Locale.ROOT)).append('\n'));
                throw new EvaluationException("CompilationError", message.toString().strip(), List.of());
            }
            if (event.value() != null) return Long.parseLong(event.value());
        }
        throw new EvaluationException("CompilationError", "no value for " + expression, List.of());
    }

    @Override
    public Runnable compileRunnable(String code) throws EvaluationException {
        String body = code.strip();
        if (body.endsWith(";")) body = body.substring(0, body.length() - 1);
        try {
            return (Runnable) MagicResults.take(parkedId("io.javagpu.magics.MagicResults.park((Runnable) () -> { Object ignored = (" + body + "); })"));
        } catch (EvaluationException notAnExpression) {
            return (Runnable) MagicResults.take(parkedId("io.javagpu.magics.MagicResults.park((Runnable) () -> { " + code + "\n; })"));
        }
    }

    @Override
    public void addToClasspath(List<Path> entries) {
        for (Path entry : entries) {
            shell.addToClasspath(entry.toString());
            classpath.add(entry);
        }
    }

    @Override
    public List<Path> classpath() {
        return List.copyOf(classpath);
    }

    @Override
    public ClassLoader userClassLoader() {
        URL[] urls = classpath.stream().map(path -> {
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
        return new URLClassLoader(urls, JShellContext.class.getClassLoader());
    }

    @Override
    public Map<String, String> variableTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        shell.variables().filter(v -> shell.status(v).isActive()).forEach(v -> types.put(v.name(), v.typeName()));
        return types;
    }

    @Override
    public String variableValue(String name) {
        return shell.variables().filter(v -> v.name().equals(name) && shell.status(v).isActive())
                .map(shell::varValue).findFirst().orElseThrow(() -> new IllegalArgumentException("no variable " + name));
    }

    @Override
    public DisplaySink display() {
        return sink;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public void checkInterrupted() throws InterruptedException {
        if (interrupted) throw new InterruptedException("interrupted");
    }

    @Override
    public MagicRegistry registry() {
        return registry;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Runs a line magic by name, as the kernel would. */
    public Object line(String name, String args) throws Exception {
        return registry.find(name).orElseThrow(() -> new AssertionError(registry.unknownMagicMessage(name))).runLine(this, args);
    }

    public Object cell(String name, String args, String body) throws Exception {
        return registry.find(name).orElseThrow(() -> new AssertionError(registry.unknownMagicMessage(name))).runCell(this, args, body);
    }

    @Override
    public void close() {
        shell.close();
    }
}

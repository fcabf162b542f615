package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import io.javagpu.display.Display;
import io.javagpu.display.DisplaySink;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.magics.CellStartHook;
import io.javagpu.magics.MagicRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything that evaluates notebook code: JShell, the magic registry, the magic context and the cell runner.
 * JShell takes a while to start ({@link JShellStart}); the rest is ready before it, and only what needs JShell
 * waits for it, unless the notebook has a class path or startup scripts, which come before any cell.
 */
final class NotebookRuntime {
    private static final String STARTUP_IMPORTS = "/io/javagpu/startup-imports.jsh";
    private final JShellStart shell;
    private final MagicRegistry registry;
    private final KernelMagicContext context;
    private final CellRunner runner;

    private NotebookRuntime(JShellStart shell, MagicRegistry registry, KernelMagicContext context) {
        this.shell = shell;
        this.registry = registry;
        this.context = context;
        this.runner = new CellRunner(shell, registry, context);
    }

    /**
     * JShell with the kernel's default imports, which it takes after the first cell ({@link JShellEvaluator#deferImports}):
     * the slow part of a start, which needs nothing but the JDK.
     */
    static JShellEvaluator newEvaluator() {
        JShellEvaluator evaluator = new JShellEvaluator(cellStartHooks());
        evaluator.deferImports(defaultImports());
        return evaluator;
    }

    /**
     * The rest of a runtime around the JShell that {@code shell} builds, without waiting for it unless the notebook's
     * class path or startup scripts need it. {@code workingDirectory}: where magics resolve relative paths.
     */
    static NotebookRuntime create(DisplaySink display, Interrupts.Holder holder, Path workingDirectory, JShellStart shell) {
        Display.setSink(display);
        MagicRegistry registry = MagicRegistry.load(NotebookRuntime.class.getClassLoader());
        holder.follow(shell);
        KernelMagicContext context = new KernelMagicContext(shell, registry, display, holder.interrupts(), workingDirectory);
        NotebookRuntime runtime = new NotebookRuntime(shell, registry, context);
        runtime.runUserStartup();
        return runtime;
    }

    /** What the libraries bundled with the kernel need done on each cell's thread (the GPU library: the chosen device). */
    private static Runnable cellStartHooks() {
        java.util.List<CellStartHook> hooks = new java.util.ArrayList<>();
        for (CellStartHook hook : java.util.ServiceLoader.load(CellStartHook.class, NotebookRuntime.class.getClassLoader())) {
            hooks.add(hook);
        }
        return () -> {
            for (CellStartHook hook : hooks) {
                try {
                    hook.beforeCell();
                } catch (RuntimeException e) {
                    KernelLog.warn("cell start hook " + hook.getClass().getName() + " failed: " + e);
                }
            }
        };
    }

    static java.util.List<String> defaultImports() {
        try (InputStream imports = NotebookRuntime.class.getResourceAsStream(STARTUP_IMPORTS)) {
            if (imports == null) return java.util.List.of();
            return new BufferedReader(new InputStreamReader(imports, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            KernelLog.warn("cannot read the default imports: " + e);
            return java.util.List.of();
        }
    }

    /** The notebook's classpath and startup scripts (JAVA_GPU_CLASSPATH, JAVA_GPU_STARTUP_SCRIPTS). */
    private void runUserStartup() {
        String classpath = System.getenv("JAVA_GPU_CLASSPATH");
        if (classpath != null && !classpath.isBlank()) {
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) context.addToClasspath(java.util.List.of(Path.of(entry)));
            }
        }
        String scripts = System.getenv("JAVA_GPU_STARTUP_SCRIPTS");
        if (scripts != null && !scripts.isBlank()) {
            for (String script : scripts.split(java.io.File.pathSeparator)) {
                if (script.isBlank()) continue;
                try {
                    shell.await().evaluate(Files.readString(Path.of(script)), 0);
                } catch (EvaluationException | IOException e) {
                    KernelLog.warn("startup script " + script + " failed: " + (e instanceof EvaluationException error
                            ? error.errorName() + ": " + error.errorValue() : e.toString()));
                }
            }
        }
    }

    /** JShell, waiting for it when it is still being built. */
    JShellEvaluator evaluator() throws EvaluationException {
        return shell.await();
    }

    MagicRegistry registry() {
        return registry;
    }

    KernelMagicContext context() {
        return context;
    }

    CellRunner runner() {
        return runner;
    }
}

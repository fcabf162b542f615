package io.javagpu.gpu;

import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;
import io.javagpu.magics.EvaluationException;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicRegistry;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A MagicContext for tests: collects displays, updates and printed text; eval returns a fixed value. */
final class FakeContext implements MagicContext {
    final List<MimeBundle> displays = new ArrayList<>();
    final List<MimeBundle> updates = new ArrayList<>();
    final List<String> evaluated = new ArrayList<>();
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    Object evalResult = 42;
    /** checkInterrupted throws once it has been called this many times (never when negative). */
    int interruptAfter = -1;
    int interruptChecks;

    String printed() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Object eval(String code) {
        evaluated.add(code);
        return evalResult;
    }

    @Override
    public Runnable compileRunnable(String code) throws EvaluationException {
        return () -> evaluated.add(code);
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

    @Override
    public DisplaySink display() {
        return new DisplaySink() {
            @Override
            public void display(MimeBundle bundle, String displayId) {
                displays.add(bundle);
            }

            @Override
            public void update(MimeBundle bundle, String displayId) {
                updates.add(bundle);
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
        interruptChecks++;
        if (interruptAfter >= 0 && interruptChecks > interruptAfter) throw new InterruptedException("interrupted by test");
    }

    @Override
    public MagicRegistry registry() {
        return new MagicRegistry();
    }

    @Override
    public Path workingDirectory() {
        return Path.of(".");
    }
}

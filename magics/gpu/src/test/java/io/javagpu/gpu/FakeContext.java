package io.javagpu.gpu;

import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;
import io.javagpu.magics.EvaluationException;
import io.javagpu.magics.StandaloneContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A MagicContext for tests: collects displays, updates and printed text; eval returns a fixed value. */
final class FakeContext extends StandaloneContext {
    final List<MimeBundle> displays = new ArrayList<>();
    final List<MimeBundle> updates = new ArrayList<>();
    final List<String> evaluated = new ArrayList<>();
    private final ByteArrayOutputStream outBytes;
    Object evalResult = 42;

    FakeContext() {
        this(new ByteArrayOutputStream());
    }

    private FakeContext(ByteArrayOutputStream bytes) {
        super(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        this.outBytes = bytes;
    }

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
    public void checkInterrupted() throws InterruptedException {
        interruptChecks++;
        if (interruptAfter >= 0 && interruptChecks > interruptAfter) throw new InterruptedException("interrupted by test");
    }
}

package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RuntimeLauncherTest {
    static final DisplaySink NO_DISPLAY = new DisplaySink() {
        @Override
        public void display(MimeBundle bundle, String displayId) {
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
        }

        @Override
        public void clearOutput(boolean wait) {
        }
    };

    @Test
    void aRequestThatNeedsTheRuntimeStartsItAndLaterStartsReuseIt() throws EvaluationException {
        RuntimeLauncher launcher = new RuntimeLauncher(NO_DISPLAY, new Interrupts.Holder(), JShellStart.begin());
        NotebookRuntime runtime = launcher.await();
        assertEquals("42", runtime.runner().run("40 + 2").orElseThrow().text());
        launcher.start();
        assertSame(runtime, launcher.await());
        runtime.evaluator().close();
    }
}

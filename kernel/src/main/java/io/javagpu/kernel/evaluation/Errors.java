package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import java.util.ArrayList;
import java.util.List;

/** Builds notebook error outputs for failures that did not come from JShell itself. */
final class Errors {
    private Errors() {
    }

    static String red(String text) {
        return "\u001b[0;31m" + text + "\u001b[0m";
    }

    static EvaluationException fromThrowable(Throwable error, String where) {
        String message = ThrowableText.message(error);
        List<String> traceback = new ArrayList<>(ThrowableText.lines(error, StackTraceElement::toString, frame -> false));
        traceback.set(0, red(error.getClass().getName()) + (message.isEmpty() ? "" : ": " + message) + " (in " + where + ")");
        return new EvaluationException(error.getClass().getName(), message, traceback);
    }
}

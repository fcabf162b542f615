package io.javagpu.kernel.evaluation;

import java.util.ArrayList;
import java.util.List;

/** Builds notebook error outputs for failures that did not come from JShell itself. */
final class Errors {
    private Errors() {
    }

    static String red(String text) {
        return "\u001b[0;31m" + text + "\u001b[0m";
    }

    static CellError fromThrowable(Throwable error, String where) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        List<String> traceback = new ArrayList<>();
        traceback.add(red(error.getClass().getName()) + (message.isEmpty() ? "" : ": " + message) + " (in " + where + ")");
        for (StackTraceElement frame : error.getStackTrace()) traceback.add("        at " + frame);
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            traceback.add("Caused by: " + cause);
            for (StackTraceElement frame : cause.getStackTrace()) traceback.add("        at " + frame);
        }
        return new CellError(error.getClass().getName(), message, traceback);
    }
}

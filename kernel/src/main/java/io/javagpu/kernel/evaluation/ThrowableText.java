package io.javagpu.kernel.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Text of a Throwable that any Throwable can be turned into: its {@code getMessage} may throw and its causes may form
 * a cycle (marked as {@code printStackTrace} marks it). Only the class, the stack and the causes are trusted.
 */
final class ThrowableText {
    private ThrowableText() {
    }

    /** The message, or a note saying why there is none; never throws. */
    static String message(Throwable error) {
        try {
            String message = error.getMessage();
            return message == null ? "" : message;
        } catch (Throwable failure) {
            return "<getMessage() threw " + failure.getClass().getName() + ">";
        }
    }

    /** The cause, or null when there is none or asking for it throws. */
    static Throwable cause(Throwable error) {
        try {
            return error.getCause();
        } catch (Throwable failure) {
            return null;
        }
    }

    /** {@code error} and its causes, each once: the chain stops before the first cause that repeats an earlier one. */
    static List<Throwable> causeChain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable next = error; next != null && seen.add(next); next = cause(next)) chain.add(next);
        return chain;
    }

    /** The first throwable of the cause chain that repeats an earlier one, or null when the chain ends. */
    static Throwable firstRepeatedCause(Throwable error) {
        List<Throwable> chain = causeChain(error);
        return cause(chain.get(chain.size() - 1));
    }

    /** "java.lang.IllegalStateException: text", as Throwable.toString reads, without calling it. */
    static String headline(Throwable error) {
        String message = message(error);
        return error.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** What printStackTrace prints, ending in a newline. */
    static String stackTrace(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (String line : lines(error, StackTraceElement::toString, frame -> false)) text.append(line).append('\n');
        return text.toString();
    }

    /**
     * The headline, the frames ({@code frameText} shows each; {@code hidden} ones are left out), then the causes and
     * suppressed exceptions, each once.
     */
    static List<String> lines(Throwable error, Function<StackTraceElement, String> frameText,
                              java.util.function.Predicate<StackTraceElement> hidden) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        append(lines, error, "", "", frameText, hidden, seen);
        return lines;
    }

    private static void append(List<String> lines, Throwable error, String caption, String indent,
                               Function<StackTraceElement, String> frameText,
                               java.util.function.Predicate<StackTraceElement> hidden, Set<Throwable> seen) {
        if (!seen.add(error)) {
            lines.add(indent + caption + "[CIRCULAR REFERENCE: " + headline(error) + "]");
            return;
        }
        lines.add(indent + caption + headline(error));
        for (StackTraceElement frame : error.getStackTrace()) {
            if (!hidden.test(frame)) lines.add(indent + "        at " + frameText.apply(frame));
        }
        for (Throwable suppressed : error.getSuppressed()) {
            append(lines, suppressed, "Suppressed: ", indent + "    ", frameText, hidden, seen);
        }
        Throwable cause = cause(error);
        if (cause != null) append(lines, cause, "Caused by: ", indent, frameText, hidden, seen);
    }
}

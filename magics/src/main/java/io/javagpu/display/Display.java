package io.javagpu.display;

import java.util.UUID;

/**
 * The display API that every notebook imports statically: {@code display(obj)}, {@code updateDisplay(id, obj)},
 * {@code clearOutput()} and helpers for HTML, Markdown, SVG and images.
 */
public final class Display {
    private static volatile DisplaySink sink;

    private Display() {
    }

    /** Installed once by the kernel. */
    public static void setSink(DisplaySink newSink) {
        sink = newSink;
    }

    static DisplaySink sink() {
        DisplaySink current = sink;
        if (current == null) throw new IllegalStateException("no notebook to display in (the kernel has not set a display sink)");
        return current;
    }

    /** Shows {@code value} with its richest renderer; returns a display id for {@link #updateDisplay}. */
    public static String display(Object value) {
        String id = UUID.randomUUID().toString();
        sink().display(Renderers.render(value), id);
        return id;
    }

    /** Shows {@code value} restricted to the given MIME types (text/plain always included). */
    public static String display(Object value, String... mimeTypes) {
        String id = UUID.randomUUID().toString();
        sink().display(Renderers.render(value).only(java.util.List.of(mimeTypes)), id);
        return id;
    }

    /** Replaces what an earlier display with this id shows. */
    public static void updateDisplay(String displayId, Object value) {
        sink().update(Renderers.render(value), displayId);
    }

    public static void clearOutput() {
        sink().clearOutput(false);
    }

    public static void clearOutput(boolean wait) {
        sink().clearOutput(wait);
    }
}

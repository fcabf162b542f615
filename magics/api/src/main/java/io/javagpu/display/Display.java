package io.javagpu.display;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The display API that every notebook imports statically: {@code display(obj)}, {@code updateDisplay(id, obj)},
 * {@code clearOutput()} and helpers for HTML, Markdown, SVG, LaTeX and images. The helpers return a
 * {@link MimeBundle}: pass it to display(...), or leave it as a cell's last expression.
 */
public final class Display {
    private static volatile DisplaySink sink;
    /** The ids handed out lately; an id older than these shows as text when it is a cell's value, which is harmless. */
    private static final java.util.Set<String> ISSUED_IDS = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            }));

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

    /**
     * Shows {@code value} with its richest renderer. Returns the display's id for {@link #updateDisplay}
     * ({@code String id = display(x);}); a cell that ends with {@code display(x);} shows x only, not the id.
     */
    public static String display(Object value) {
        String id = newDisplayId();
        sink().display(Renderers.render(value), id);
        return id;
    }

    /**
     * Shows {@code value} as the given MIME types: text given as {@code "text/html"} is that HTML, as
     * {@code "text/markdown"} that Markdown, and so on; any other value keeps only those types of its rendering
     * (text/plain is always kept). A type the value cannot be shown as is an IllegalArgumentException.
     */
    public static String display(Object value, String... mimeTypes) {
        String id = newDisplayId();
        sink().display(MimeTypes.bundle(value, List.of(mimeTypes)), id);
        return id;
    }

    /** Whether {@code value} is an id that {@code display} returned (the kernel then shows no result for it). */
    public static boolean isDisplayId(Object value) {
        return value instanceof String text && ISSUED_IDS.contains(text);
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

    static String newDisplayId() {
        String id = UUID.randomUUID().toString();
        ISSUED_IDS.add(id);
        return id;
    }

    /** HTML to show as is (the caller escapes any text in it, e.g. with {@link Html#escape}). */
    public static MimeBundle html(String html) {
        return new MimeBundle().with("text/html", html).with("text/plain", Html.toPlainText(html));
    }

    public static MimeBundle markdown(String markdown) {
        return new MimeBundle().with("text/markdown", markdown).with("text/plain", markdown);
    }

    public static MimeBundle svg(String svg) {
        return new MimeBundle().with("image/svg+xml", svg).with("text/plain", "<SVG image>");
    }

    /** LaTeX math, e.g. {@code latex("$e^{i\\pi} + 1 = 0$")}. */
    public static MimeBundle latex(String latex) {
        return new MimeBundle().with("text/latex", latex).with("text/plain", latex);
    }

    /** A PNG, JPEG or GIF image from its bytes (the type is read from the bytes). */
    public static MimeBundle image(byte[] bytes) {
        return Images.bundle(bytes);
    }

    /** A PNG, JPEG or GIF image from a file. */
    public static MimeBundle image(Path file) {
        try {
            return Images.bundle(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
    }

    /** A java.awt image (BufferedImage, ...) as PNG. */
    public static MimeBundle image(java.awt.image.RenderedImage image) {
        return Images.png(image);
    }

    /** A table: {@code display(table(List.of("n", "ms"), rows))}; see {@link Table} for the builder. */
    public static Table table(List<String> columns, List<? extends List<?>> rows) {
        return Table.of(columns, rows);
    }

    /** A progress bar shown now and updated in place; close it when done. */
    public static ProgressBar progressBar(long total, String label) {
        return new ProgressBar(sink(), total, label);
    }
}

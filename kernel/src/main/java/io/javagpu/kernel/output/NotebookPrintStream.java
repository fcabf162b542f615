package io.javagpu.kernel.output;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The notebook's System.out or System.err. Text printed through the PrintStream methods reaches the coalescer as
 * characters, a whole println in one piece; only raw bytes ({@code write}) go through the UTF-8 decoder of
 * {@link CapturedOutputStream}. A plain PrintStream would encode every line to bytes for the decoder to turn back
 * into characters, which measured about half the kernel's time in a 10,000-line print cell.
 */
public final class NotebookPrintStream extends PrintStream {
    private static final String NEWLINE = System.lineSeparator();
    private final String streamName;
    private final OutputCoalescer coalescer;

    public NotebookPrintStream(String streamName, OutputCoalescer coalescer) {
        super(new CapturedOutputStream(streamName, coalescer), true, StandardCharsets.UTF_8);
        this.streamName = streamName;
        this.coalescer = coalescer;
    }

    private void text(String text) {
        coalescer.write(streamName, text);
    }

    @Override
    public void print(boolean value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(char value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(int value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(long value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(float value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(double value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(char[] value) {
        text(new String(value));
    }

    @Override
    public void print(String value) {
        text(String.valueOf(value));
    }

    @Override
    public void print(Object value) {
        text(String.valueOf(value));
    }

    @Override
    public void println() {
        text(NEWLINE);
    }

    @Override
    public void println(boolean value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(char value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(int value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(long value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(float value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(double value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(char[] value) {
        text(new String(value) + NEWLINE);
    }

    @Override
    public void println(String value) {
        text(value + NEWLINE);
    }

    @Override
    public void println(Object value) {
        text(String.valueOf(value) + NEWLINE);
    }

    /** printf and format reach here through their Formatter. */
    @Override
    public PrintStream append(CharSequence text) {
        text(String.valueOf(text));
        return this;
    }

    @Override
    public PrintStream append(CharSequence text, int start, int end) {
        text(String.valueOf(text == null ? "null" : text).substring(start, end));
        return this;
    }

    @Override
    public PrintStream append(char value) {
        text(String.valueOf(value));
        return this;
    }
}

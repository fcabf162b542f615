package io.javagpu.kernel.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * System.in for notebook code: when it runs dry, asks the front end for a line (input_request) through
 * {@link LineSource}. A front end that does not allow stdin makes the read fail with a clear message.
 */
public final class NotebookInputStream extends InputStream {
    /** Asks the user for one line; throws IOException when input is not possible. */
    @FunctionalInterface
    public interface LineSource {
        String readLine(String prompt) throws IOException;
    }

    private final LineSource lines;
    private byte[] buffer = new byte[0];
    private int position;

    public NotebookInputStream(LineSource lines) {
        this.lines = lines;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) return -1;
        return buffer[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) return 0;
        if (!fill()) return -1;
        int count = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() throws IOException {
        if (position < buffer.length) return true;
        String line = lines.readLine("");
        if (line == null) return false;
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}

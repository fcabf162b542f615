package io.javagpu.kernel.output;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes written to System.out or System.err, decoded as UTF-8 (a character split across two writes is kept
 * until it is complete) and handed to the coalescer. flush() does not send: the coalescer decides when.
 */
public final class CapturedOutputStream extends OutputStream {
    private final String streamName;
    private final OutputCoalescer coalescer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer carried = ByteBuffer.allocate(0);

    public CapturedOutputStream(String streamName, OutputCoalescer coalescer) {
        this.streamName = streamName;
        this.coalescer = coalescer;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        ByteBuffer input;
        if (carried.hasRemaining()) {
            input = ByteBuffer.allocate(carried.remaining() + length);
            input.put(carried).put(bytes, offset, length).flip();
        } else {
            input = ByteBuffer.wrap(bytes, offset, length);
        }
        CharBuffer chars = CharBuffer.allocate(input.remaining());
        decoder.decode(input, chars, false);
        chars.flip();
        carried = input.hasRemaining() ? ByteBuffer.allocate(input.remaining()).put(input).flip() : ByteBuffer.allocate(0);
        coalescer.write(streamName, chars);
    }
}

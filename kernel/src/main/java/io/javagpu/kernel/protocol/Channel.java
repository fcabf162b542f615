package io.javagpu.kernel.protocol;

import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;

/**
 * One ZeroMQ socket and the codec. A JeroMQ socket is not thread-safe: each Channel is used by one thread at a
 * time (its owner thread, or callers holding the channel's lock for stdin).
 */
public final class Channel {
    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;

    public Channel(String name, ZMQ.Socket socket, WireCodec codec) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
    }

    public String name() {
        return name;
    }

    /** Blocks until a multipart message arrives; returns null when the socket was closed or timed out. */
    public List<byte[]> receiveFrames(boolean wait) {
        byte[] first = socket.recv(wait ? 0 : ZMQ.DONTWAIT);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return frames;
    }

    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        return codec.decode(frames);
    }

    public void send(Message message) {
        List<byte[]> frames = codec.encode(message);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    public ZMQ.Socket socket() {
        return socket;
    }
}

package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Jupyter wire format: identities, {@code <IDS|MSG>}, signature, header, parent, metadata, content, buffers. */
public final class WireCodec {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final MessageSigner signer;
    private final ReplayGuard replayGuard = new ReplayGuard(65536);

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    /** Checks the signature over the raw frames first, then parses. Never returns a half-valid message. */
    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        int delimiter = indexOfDelimiter(frames);
        if (delimiter < 0) throw new MalformedMessageException("no <IDS|MSG> delimiter in " + frames.size() + " frames");
        if (frames.size() < delimiter + 6) throw new MalformedMessageException("too few frames after the delimiter");
        byte[] signature = frames.get(delimiter + 1);
        List<byte[]> signed = frames.subList(delimiter + 2, delimiter + 6);
        if (!signer.verify(signature, signed)) throw new MalformedMessageException("invalid signature");
        if (signer.isSigning() && !replayGuard.firstSeen(signature)) {
            throw new MalformedMessageException("replayed signature");
        }
        ObjectNode header = object(signed.get(0), "header");
        if (!header.hasNonNull("msg_type") || !header.hasNonNull("msg_id")) {
            throw new MalformedMessageException("header without msg_type or msg_id");
        }
        return new Message(
                List.copyOf(frames.subList(0, delimiter)),
                header,
                object(signed.get(1), "parent_header"),
                object(signed.get(2), "metadata"),
                object(signed.get(3), "content"),
                List.copyOf(frames.subList(delimiter + 6, frames.size())));
    }

    public List<byte[]> encode(Message message) {
        try {
            List<byte[]> signed = List.of(
                    JsonFrames.write(message.header()),
                    JsonFrames.write(message.parentHeader()),
                    JsonFrames.write(message.metadata()),
                    JsonFrames.write(message.content()));
            List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
            frames.addAll(message.identities());
            frames.add(DELIMITER);
            frames.add(signer.sign(signed).getBytes(StandardCharsets.US_ASCII));
            frames.addAll(signed);
            frames.addAll(message.buffers());
            return frames;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + message.type(), e);
        }
    }

    private static int indexOfDelimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) return i;
        }
        return -1;
    }

    private static ObjectNode object(byte[] frame, String what) throws MalformedMessageException {
        try {
            JsonNode node = JsonFrames.read(frame);
            if (node == null) return MessageFactory.object();
            if (!node.isObject()) throw new MalformedMessageException(what + " is not a JSON object");
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new MalformedMessageException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}

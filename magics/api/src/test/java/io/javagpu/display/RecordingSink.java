package io.javagpu.display;

import java.util.ArrayList;
import java.util.List;

/** A DisplaySink that remembers what was sent, for tests. */
public final class RecordingSink implements DisplaySink {
    /** One message: kind is "display", "update" or "clear". */
    public record Sent(String kind, MimeBundle bundle, String displayId) {
    }

    public final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void display(MimeBundle bundle, String displayId) {
        sent.add(new Sent("display", bundle, displayId));
    }

    @Override
    public synchronized void update(MimeBundle bundle, String displayId) {
        sent.add(new Sent("update", bundle, displayId));
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        sent.add(new Sent("clear", null, null));
    }

    public synchronized List<Sent> ofKind(String kind) {
        return sent.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    public synchronized Sent last() {
        if (sent.isEmpty()) throw new AssertionError("nothing was displayed");
        return sent.get(sent.size() - 1);
    }
}

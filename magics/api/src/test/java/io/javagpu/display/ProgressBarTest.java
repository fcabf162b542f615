package io.javagpu.display;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    @Test
    void displaysOnceThenUpdatesTheSameId() {
        RecordingSink sink = new RecordingSink();
        ProgressBar bar = new ProgressBar(sink, 4, "epochs <1>");
        assertEquals(1, sink.sent.size());
        assertEquals("display", sink.sent.get(0).kind());
        assertEquals(bar.displayId(), sink.sent.get(0).displayId());
        for (int i = 0; i < 4; i++) bar.step();
        bar.close();
        assertTrue(sink.ofKind("update").size() >= 1);
        assertEquals(1, sink.ofKind("display").size());
        for (RecordingSink.Sent update : sink.ofKind("update")) assertEquals(bar.displayId(), update.displayId());
        MimeBundle last = sink.last().bundle();
        assertEquals("epochs <1> [##############################] 100% 4/4", last.data().get("text/plain"));
        String html = (String) last.data().get("text/html");
        assertTrue(html.contains("<progress value=\"4\" max=\"4\""), html);
        assertTrue(html.contains("epochs &lt;1&gt;"), html);
    }

    @Test
    void quickStepsAreThrottledButCloseSendsTheFinalState() {
        RecordingSink sink = new RecordingSink();
        try (ProgressBar bar = new ProgressBar(sink, 1000, null)) {
            for (int i = 0; i < 10; i++) bar.step();
        }
        assertEquals(2, sink.sent.size(), "display plus the final update");
        assertTrue(((String) sink.last().bundle().data().get("text/plain")).endsWith("1% 10/1000"));
    }

    @Test
    void valuesAreClampedAndClosedBarsRefuseUpdates() {
        RecordingSink sink = new RecordingSink();
        ProgressBar bar = new ProgressBar(sink, 10, "x");
        bar.set(50);
        assertEquals(10, bar.done());
        bar.close();
        bar.close();
        assertThrows(IllegalStateException.class, bar::step);
    }
}

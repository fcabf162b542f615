package io.javagpu.display;

/**
 * A progress bar that is displayed once and then updated in place (update_display_data with the same display id),
 * as HTML {@code <progress>} plus a text bar. Updates are throttled so a tight loop does not flood the notebook;
 * the final state is always sent by {@link #close()}.
 */
public final class ProgressBar implements AutoCloseable {
    private static final long MIN_NANOS_BETWEEN_UPDATES = 100_000_000L;
    private static final int TEXT_WIDTH = 30;

    private final DisplaySink sink;
    private final String displayId;
    private final long total;
    private String label;
    private long done;
    private long lastSentNanos;
    private long lastSentDone = -1;
    private boolean closed;

    /** Displays a bar at 0 of {@code total} in the notebook the kernel set up. */
    public ProgressBar(long total, String label) {
        this(Display.sink(), total, label);
    }

    /** Displays a bar at 0 of {@code total} through {@code sink} (magics pass their context's sink). */
    public ProgressBar(DisplaySink sink, long total, String label) {
        if (total < 0) throw new IllegalArgumentException("total must not be negative");
        this.sink = sink;
        this.total = total;
        this.label = label == null ? "" : label;
        this.displayId = Display.newDisplayId();
        sink.display(bundle(), displayId);
        lastSentNanos = System.nanoTime();
        lastSentDone = 0;
    }

    public String displayId() {
        return displayId;
    }

    public synchronized long done() {
        return done;
    }

    public long total() {
        return total;
    }

    /** Advances by one. */
    public void step() {
        advance(1);
    }

    public synchronized void advance(long amount) {
        set(done + amount);
    }

    /** Sets how much is done (clamped to 0..total) and shows it when enough time has passed or it is complete. */
    public synchronized void set(long newDone) {
        if (closed) throw new IllegalStateException("progress bar is closed");
        done = Math.max(0, Math.min(total, newDone));
        long now = System.nanoTime();
        if (done == total || now - lastSentNanos >= MIN_NANOS_BETWEEN_UPDATES) send(now);
    }

    public synchronized void label(String newLabel) {
        label = newLabel == null ? "" : newLabel;
        send(System.nanoTime());
    }

    /** Shows the final state; later calls to set/step fail, a second close does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (lastSentDone != done) send(System.nanoTime());
        closed = true;
    }

    private void send(long now) {
        sink.update(bundle(), displayId);
        lastSentNanos = now;
        lastSentDone = done;
    }

    /** The bundle for the current state: text/html with a {@code <progress>} element and a text/plain bar. */
    public synchronized MimeBundle bundle() {
        double fraction = total == 0 ? 1 : (double) done / total;
        int percent = (int) Math.floor(fraction * 100);
        int filled = (int) Math.round(fraction * TEXT_WIDTH);
        String counts = done + "/" + total;
        String text = (label.isEmpty() ? "" : label + " ")
                + "[" + "#".repeat(filled) + " ".repeat(TEXT_WIDTH - filled) + "] " + percent + "% " + counts;
        String html = "<div class=\"javagpu-progress\">"
                + (label.isEmpty() ? "" : "<span>" + Html.escape(label) + "</span> ")
                + "<progress value=\"" + done + "\" max=\"" + total + "\" style=\"width:20em\"></progress> "
                + "<span>" + percent + "% " + counts + "</span></div>";
        return new MimeBundle().with("text/html", html).with("text/plain", text);
    }
}

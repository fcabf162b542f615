package io.javagpu.display;

/** Where rich output goes. The kernel implements it; tests can implement it to collect bundles. */
public interface DisplaySink {
    /** Sends display_data. {@code displayId} may be null (no later update possible). */
    void display(MimeBundle bundle, String displayId);

    /** Sends update_display_data for an earlier {@link #display} with the same id. */
    void update(MimeBundle bundle, String displayId);

    /** Sends clear_output. */
    void clearOutput(boolean wait);
}

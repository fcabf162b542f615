package io.javagpu.magics.builtin;

import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a line when a download starts and ends, and every few seconds during a long one. */
final class ProgressTransferListener extends AbstractTransferListener {
    private static final long PROGRESS_EVERY_NANOS = 3_000_000_000L;

    private final PrintStream out;
    private long lastProgressNanos = System.nanoTime();

    ProgressTransferListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void transferInitiated(TransferEvent event) {
        if (event.getRequestType() != TransferEvent.RequestType.GET) return;
        TransferResource resource = event.getResource();
        print("Downloading " + resource.getRepositoryUrl() + resource.getResourceName());
    }

    @Override
    public synchronized void transferProgressed(TransferEvent event) {
        long now = System.nanoTime();
        if (now - lastProgressNanos < PROGRESS_EVERY_NANOS) return;
        lastProgressNanos = now;
        long total = event.getResource().getContentLength();
        print("  " + fileName(event) + ": " + size(event.getTransferredBytes()) + (total > 0 ? " of " + size(total) : ""));
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        if (event.getRequestType() != TransferEvent.RequestType.GET) return;
        long millis = Math.max(1, System.currentTimeMillis() - event.getResource().getTransferStartTime());
        long bytes = event.getTransferredBytes();
        print("Downloaded " + fileName(event) + " (" + size(bytes) + " at " + size(bytes * 1000 / millis) + "/s)");
    }

    @Override
    public void transferFailed(TransferEvent event) {
        // A miss in one repository is normal when several are searched; only the final error matters.
    }

    private static String fileName(TransferEvent event) {
        String name = event.getResource().getResourceName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }
}

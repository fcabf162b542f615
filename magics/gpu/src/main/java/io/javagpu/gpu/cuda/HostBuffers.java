package io.javagpu.gpu.cuda;

/** Host buffers are seen through one ByteBuffer, so they hold at most 2 GiB. */
final class HostBuffers {
    private HostBuffers() {
    }

    static void checkSize(long bytes) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("host buffers hold at most 2 GiB (one ByteBuffer), not " + bytes + " bytes");
        }
    }
}

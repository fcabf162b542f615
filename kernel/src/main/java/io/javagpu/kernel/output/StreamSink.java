package io.javagpu.kernel.output;

/** Receives coalesced text for one stream ("stdout" or "stderr"). */
@FunctionalInterface
public interface StreamSink {
    void send(String streamName, String text);
}

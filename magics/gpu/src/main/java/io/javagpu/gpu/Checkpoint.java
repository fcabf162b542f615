package io.javagpu.gpu;

/** Called between repetitions: throws when the user pressed interrupt. */
@FunctionalInterface
public interface Checkpoint {
    Checkpoint NONE = () -> { };

    void check() throws InterruptedException;
}

package io.javagpu.gpu.cuda;

import io.javagpu.gpu.ProbeFacts;

import java.util.Set;

/**
 * Errors that poison the process's CUDA context: after one of them every later call fails until the process
 * restarts. The first one seen is kept; from then on %gpu refuses GPU work with "restart the kernel". Codes are the
 * same in the driver and runtime APIs.
 */
public final class StickyErrors {
    /** illegal address, launch out of resources, launch timeout, context destroyed, hardware stack error, illegal
     *  instruction, misaligned address, invalid address space, invalid pc, launch failure, uncorrectable ECC. */
    private static final Set<Integer> ALWAYS = Set.of(700, 701, 702, 709, 714, 715, 716, 717, 718, 719, 214);
    /** "unknown error": sticky once the device has been used (before that it is an init failure, e.g. no nvidia_uvm). */
    private static final int UNKNOWN = 999;

    private static volatile ProbeFacts.Status first;
    private static volatile boolean used;

    private StickyErrors() {
    }

    public static boolean isSticky(int code, boolean afterUse) {
        return ALWAYS.contains(code) || (code == UNKNOWN && afterUse);
    }

    /** Called once a device context has been entered successfully. */
    static void noteUse() {
        used = true;
    }

    /** Remembers {@code status} when it is the first sticky error of this process. */
    static synchronized void observe(ProbeFacts.Status status) {
        if (first == null && isSticky(status.code(), used)) first = status;
    }

    /** The error that poisoned the context, or null. */
    public static ProbeFacts.Status current() {
        return first;
    }

    /** "restart the kernel" text, or null when no sticky error happened. */
    public static String refusal() {
        ProbeFacts.Status s = first;
        if (s == null) return null;
        return "the GPU context is broken by " + s.name() + " (" + s.code() + ") in " + s.call() + ": " + s.text()
                + ". CUDA cannot recover from this error inside a process: restart the kernel";
    }
}

package io.javagpu.magics;

/** The version of java-gpu-kernel, as kernel_info and %gpu info report it. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}

package io.javagpu.magics;

/** A problem the user can fix (bad arguments, missing file, ...): shown as a notebook error without a Java stack. */
public class MagicException extends Exception {
    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.javagpu.kernel.protocol;

/** Frames that are not a valid Jupyter message (no delimiter, bad JSON, bad signature...). */
public class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.javagpu.kernel.output;

/**
 * Thrown to notebook code that reads System.in when the front end does not accept input. Unchecked on purpose:
 * readers such as Scanner swallow IOExceptions and would report a puzzling "No line found" instead.
 */
public final class StdinUnavailableException extends IllegalStateException {
    public StdinUnavailableException(String message) {
        super(message);
    }
}

package io.javagpu.magics;

import java.util.List;

/** Cell code (or code a magic evaluated) failed to compile or threw: the parts of the notebook's error output. */
public class EvaluationException extends Exception {
    private final String errorName;
    private final List<String> traceback;

    public EvaluationException(String errorName, String message, List<String> traceback) {
        super(message);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    /** The message, never null (the error's "evalue"). */
    public String errorValue() {
        return getMessage() == null ? "" : getMessage();
    }

    public String errorName() {
        return errorName;
    }

    public List<String> traceback() {
        return traceback;
    }
}

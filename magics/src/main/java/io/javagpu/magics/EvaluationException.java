package io.javagpu.magics;

import java.util.List;

/** Code evaluated for a magic failed to compile or threw. Carries the notebook-style error parts. */
public class EvaluationException extends Exception {
    private final String errorName;
    private final List<String> traceback;

    public EvaluationException(String errorName, String message, List<String> traceback) {
        super(message);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    public String errorName() {
        return errorName;
    }

    public List<String> traceback() {
        return traceback;
    }
}

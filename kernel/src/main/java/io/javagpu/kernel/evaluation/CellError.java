package io.javagpu.kernel.evaluation;

import java.util.List;

/** A cell failed: the parts of the notebook's error output and of the error reply. */
public final class CellError extends Exception {
    private final String errorName;
    private final List<String> traceback;

    public CellError(String errorName, String errorValue, List<String> traceback) {
        super(errorValue, null, false, false);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    public String errorName() {
        return errorName;
    }

    public String errorValue() {
        return getMessage() == null ? "" : getMessage();
    }

    public List<String> traceback() {
        return traceback;
    }
}

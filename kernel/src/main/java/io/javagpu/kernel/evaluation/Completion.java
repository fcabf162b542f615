package io.javagpu.kernel.evaluation;

import java.util.List;

/** What may replace the code between {@code start} and {@code end} (code point offsets in the cell). */
public record Completion(List<String> matches, int start, int end) {
}

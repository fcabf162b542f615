package io.javagpu.magics;

/** Levenshtein distance, for "did you mean" suggestions. */
final class EditDistance {
    private EditDistance() {
    }

    static int between(String a, String b) {
        return lastRow(a, b)[b.length()];
    }

    /** The smallest distance between {@code a} and any prefix of {@code b} at least as long as {@code a}. */
    static int toSomePrefix(String a, String b) {
        if (b.length() < a.length()) return between(a, b);
        int[] row = lastRow(a, b);
        int best = Integer.MAX_VALUE;
        for (int j = a.length(); j <= b.length(); j++) best = Math.min(best, row[j]);
        return best;
    }

    /** The last row of the dynamic-programming table: entry j is the distance between a and b's first j chars. */
    private static int[] lastRow(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous;
    }
}

package io.javagpu.kernel.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The inputs of this session's stored executions, numbered by execution count. */
public final class ExecutionHistory {
    /** Session number reported in history replies (this kernel keeps the current session only). */
    public static final int SESSION = 1;

    public record Entry(int line, String input) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input) {
        entries.add(new Entry(line, input));
    }

    public synchronized List<Entry> tail(int n) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return List.copyOf(entries.subList(from, entries.size()));
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive; 0 or less means to the end). */
    public synchronized List<Entry> range(int start, int stop) {
        return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /** Glob search (* and ?) like IPython's history search, newest {@code n} matches (all when n <= 0). */
    public synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern pattern = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        List<Entry> matches = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (!pattern.matcher(entry.input()).matches()) continue;
            if (unique && seen.contains(entry.input())) continue;
            seen.add(entry.input());
            matches.add(0, entry);
            if (n > 0 && matches.size() == n) break;
        }
        return matches;
    }

    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}

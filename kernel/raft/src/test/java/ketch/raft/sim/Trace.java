package ketch.raft.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last events of a run, kept for the failure report. */
final class Trace {
    private static final int MAX_LINE = 240;

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private long total;

    Trace(int capacity) {
        this.capacity = capacity;
    }

    void add(long time, String line) {
        String text = "t=" + time + " " + line;
        if (text.length() > MAX_LINE) text = text.substring(0, MAX_LINE) + "...";
        if (lines.size() == capacity) lines.removeFirst();
        lines.addLast(text);
        total++;
    }

    /** The kept lines, oldest first, with a note of how many came before them. */
    String render() {
        StringBuilder out = new StringBuilder();
        if (total > lines.size()) out.append("  (").append(total - lines.size()).append(" earlier events not shown)\n");
        for (String line : lines) out.append("  ").append(line).append('\n');
        return out.toString();
    }
}

package ketch.raft.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.raft.Entry;
import ketch.api.spi.LogCompactedException;

/**
 * Raft's safety properties (Raft paper Figure 3), checked from what the nodes do, over the
 * whole run (crashes included):
 * <ul>
 *   <li>election safety — at most one leader per term;
 *   <li>log matching — two logs holding an entry with the same index and term hold the same
 *       entry there and the same entries before it (checked per written entry: an (index, term)
 *       pair always carries the same entry and follows the same previous term, which by induction
 *       fixes the whole prefix);
 *   <li>leader completeness — a leader of term T holds every entry known committed before T;
 *       and no node ever overwrites a committed entry;
 *   <li>state-machine safety — no two nodes apply different entries at one index.
 * </ul>
 */
final class Invariants {

    private record Written(Entry entry, long previousTerm, long node) {}

    private record Committed(Entry entry, long knownInTerm, long node) {}

    private record LeaderTerm(long node, long term) {}

    private final TreeMap<Long, Long> leaderByTerm = new TreeMap<>();
    private final Map<Long, Map<Long, Written>> writtenByIndexAndTerm = new HashMap<>(); // lookups only
    private final TreeMap<Long, Committed> committed = new TreeMap<>();
    private final Map<LeaderTerm, Boolean> leadersChecked = new HashMap<>(); // lookups only
    private final List<Violation> violations = new ArrayList<>();

    List<Violation> violations() {
        return violations;
    }

    Optional<Violation> first() {
        return violations.isEmpty() ? Optional.empty() : Optional.of(violations.getFirst());
    }

    private void fail(Violation.Check check, String detail) {
        violations.add(new Violation(check, detail));
    }

    /** {@code node} is leader in {@code term}; {@code disk} is its log. True the first time this (node, term) is seen. */
    boolean leaderObserved(long node, long term, SimDisk disk) {
        Long earlier = leaderByTerm.putIfAbsent(term, node);
        if (earlier != null && earlier != node) {
            fail(Violation.Check.ELECTION_SAFETY, "nodes " + earlier + " and " + node + " were both leader in term " + term);
            return false;
        }
        if (leadersChecked.putIfAbsent(new LeaderTerm(node, term), Boolean.TRUE) != null) return false;
        for (Committed c : committed.values()) {
            if (c.knownInTerm() >= term) continue; // may have been committed after this leader was elected
            long index = c.entry().index();
            if (index < disk.firstIndex()) continue; // compacted behind a snapshot, hence committed there
            if (index > disk.lastIndex() || !disk.entry(index).equals(c.entry())) {
                fail(Violation.Check.LEADER_COMPLETENESS, "leader " + node + " of term " + term + " lacks entry " + describe(c.entry())
                        + ", committed (known on node " + c.node() + " in term " + c.knownInTerm() + "); it has "
                        + (index > disk.lastIndex() ? "nothing (last index " + disk.lastIndex() + ")" : describe(disk.entry(index))));
                return true;
            }
        }
        return true;
    }

    /**
     * {@code node} wrote {@code entries} to {@code disk} (already appended), replacing
     * {@code replaced}.
     */
    void entriesWritten(long node, List<Entry> entries, List<Entry> replaced, SimDisk disk) {
        for (Entry gone : replaced) {
            Committed c = committed.get(gone.index());
            if (c != null && c.entry().equals(gone)) {
                fail(Violation.Check.LEADER_COMPLETENESS, "node " + node + " overwrote committed entry " + describe(gone)
                        + " (known committed on node " + c.node() + " in term " + c.knownInTerm() + ")");
                return;
            }
        }
        for (Entry e : entries) {
            long previousTerm;
            try {
                previousTerm = disk.term(e.index() - 1);
            } catch (LogCompactedException compacted) {
                previousTerm = -1;
            }
            Map<Long, Written> byTerm = writtenByIndexAndTerm.computeIfAbsent(e.index(), k -> new HashMap<>());
            Written first = byTerm.putIfAbsent(e.term(), new Written(e, previousTerm, node));
            if (first == null) continue;
            if (!first.entry().equals(e)) {
                fail(Violation.Check.LOG_MATCHING, "index " + e.index() + " term " + e.term() + " holds " + describe(first.entry())
                        + " on node " + first.node() + " but " + describe(e) + " on node " + node);
                return;
            }
            if (previousTerm >= 0 && first.previousTerm() >= 0 && first.previousTerm() != previousTerm) {
                fail(Violation.Check.LOG_MATCHING, "entry " + describe(e) + " follows term " + first.previousTerm() + " on node "
                        + first.node() + " but term " + previousTerm + " on node " + node);
                return;
            }
        }
    }

    /** {@code node}, in {@code term}, knows {@code entry} is committed. */
    void committedObserved(long node, long term, Entry entry) {
        Committed c = committed.get(entry.index());
        if (c == null) {
            committed.put(entry.index(), new Committed(entry, term, node));
            return;
        }
        if (!c.entry().equals(entry)) {
            fail(Violation.Check.STATE_MACHINE_SAFETY, "index " + entry.index() + " committed as " + describe(c.entry()) + " on node "
                    + c.node() + " but as " + describe(entry) + " on node " + node);
        } else if (term < c.knownInTerm()) {
            committed.put(entry.index(), new Committed(entry, term, node));
        }
    }

    /** {@code node} applied {@code entry} to its state machine. */
    void applied(long node, long term, Entry entry) {
        committedObserved(node, term, entry);
    }

    int leaderCount() {
        return leadersChecked.size();
    }

    /** Highest index known committed anywhere (0 if none). */
    long maxCommitted() {
        return committed.isEmpty() ? 0 : committed.lastKey();
    }

    static String describe(Entry e) {
        String data = e.data().size() <= 24 ? e.data().toString() : e.data().size() + " bytes";
        return "(" + e.index() + "," + e.term() + "," + e.type() + "," + data + ")";
    }
}

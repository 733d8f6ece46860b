package ketch.tck.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Wing–Gong backtracking search over one partition, with porcupine's memoisation: a
 * (linearized set, state) pair already seen cannot lead anywhere new, so it is skipped.
 *
 * <p>Calls and returns form one doubly linked list in time order (calls before returns on equal
 * times, so touching intervals count as concurrent). The search walks it: at a call it tries to
 * linearize that operation now (lifting its call and return out of the list); at a return it has
 * met an operation that must already have taken effect, so it backtracks.
 */
final class WingGongSearch {

    enum Verdict {
        LINEARIZABLE,
        NOT_LINEARIZABLE,
        BUDGET_EXHAUSTED
    }

    record Outcome(Verdict verdict, long steps) {}

    private WingGongSearch() {}

    private static final class Node {
        final int op;
        final boolean call;
        final long time;
        Node match;
        Node prev;
        Node next;

        Node(int op, boolean call, long time) {
            this.op = op;
            this.call = call;
            this.time = time;
        }
    }

    private record Memo<S>(BitSet linearized, S state) {}

    private record Frame<S>(Node call, S stateBefore) {}

    /** Decides whether {@code ops} (one partition) is linearizable within {@code budget} model steps. */
    static <S, I, O> Outcome search(Model<S, I, O> model, List<Operation<I, O>> ops, long budget) {
        Node head = buildList(ops);
        BitSet linearized = new BitSet(ops.size());
        Set<Memo<S>> seen = new HashSet<>(); // membership only; never iterated
        Deque<Frame<S>> stack = new ArrayDeque<>();
        S state = model.initialState();
        Node entry = head.next;
        long steps = 0;
        while (head.next != null) {
            if (entry.call) {
                if (++steps > budget) return new Outcome(Verdict.BUDGET_EXHAUSTED, steps);
                Operation<I, O> op = ops.get(entry.op);
                Optional<S> next = model.step(state, op.input(), op.output());
                if (next.isPresent()) {
                    BitSet candidate = (BitSet) linearized.clone();
                    candidate.set(entry.op);
                    if (seen.add(new Memo<>(candidate, next.get()))) {
                        stack.push(new Frame<>(entry, state));
                        state = next.get();
                        linearized.set(entry.op);
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // An operation returned before anything could be linearized here: undo the last choice.
                if (stack.isEmpty()) return new Outcome(Verdict.NOT_LINEARIZABLE, steps);
                Frame<S> frame = stack.pop();
                state = frame.stateBefore();
                linearized.clear(frame.call().op);
                unlift(frame.call());
                entry = frame.call().next;
            }
        }
        return new Outcome(Verdict.LINEARIZABLE, steps);
    }

    private static <I, O> Node buildList(List<Operation<I, O>> ops) {
        List<Node> nodes = new ArrayList<>(2 * ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Operation<I, O> op = ops.get(i);
            Node call = new Node(i, true, op.callTime());
            Node ret = new Node(i, false, op.returnTimeOrInfinity());
            call.match = ret;
            ret.match = call;
            nodes.add(call);
            nodes.add(ret);
        }
        nodes.sort(Comparator.<Node>comparingLong(n -> n.time)
                .thenComparing(n -> !n.call) // calls first on a tie
                .thenComparingInt(n -> n.op));
        Node head = new Node(-1, false, Long.MIN_VALUE);
        Node last = head;
        for (Node n : nodes) {
            last.next = n;
            n.prev = last;
            last = n;
        }
        return head;
    }

    private static void lift(Node call) {
        call.prev.next = call.next;
        call.next.prev = call.prev; // a call always has its return after it
        Node ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) ret.next.prev = ret.prev;
    }

    private static void unlift(Node call) {
        Node ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) ret.next.prev = ret;
        call.prev.next = call;
        call.next.prev = call;
    }
}

package ketch.raft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import ketch.tck.linearizability.Operation;
import ketch.tck.linearizability.RegisterInput;
import ketch.tck.linearizability.RegisterOutput;

/**
 * The operations clients issued and what they saw, for the linearizability check. An operation
 * is open from its call until it completes, definitely fails (never recorded: it had no effect),
 * or is abandoned (timeout, its node crashed, the run ended: recorded as never returned, since
 * it may still take effect).
 */
final class ClientHistory {

    /** An operation waiting for its answer at {@code node}. */
    record Open(int client, long requestId, long node, long callTime, RegisterInput input) {}

    private final TreeMap<Long, Open> open = new TreeMap<>();
    private final List<Operation<RegisterInput, RegisterOutput>> operations = new ArrayList<>();
    private int completed;
    private int failed;
    private int abandoned;

    void called(Open op) {
        open.put(op.requestId(), op);
    }

    Optional<Open> open(long requestId) {
        return Optional.ofNullable(open.get(requestId));
    }

    /** The operation returned {@code output}; empty if it was no longer open. */
    Optional<Open> completed(long requestId, RegisterOutput output, long now) {
        Open op = open.remove(requestId);
        if (op == null) return Optional.empty();
        operations.add(Operation.completed(op.client(), op.callTime(), now, op.input(), output));
        completed++;
        return Optional.of(op);
    }

    /** The operation was refused before taking effect (no leader, ...). */
    Optional<Open> failed(long requestId) {
        Open op = open.remove(requestId);
        if (op != null) failed++;
        return Optional.ofNullable(op);
    }

    /** The client stops waiting; the operation may or may not take effect. */
    Optional<Open> abandoned(long requestId) {
        Open op = open.remove(requestId);
        if (op == null) return Optional.empty();
        operations.add(Operation.pending(op.client(), op.callTime(), op.input()));
        abandoned++;
        return Optional.of(op);
    }

    /** Open operations at {@code node}, oldest first. */
    List<Open> openAt(long node) {
        return open.values().stream().filter(op -> op.node() == node).toList();
    }

    /** The whole history; operations still open are recorded as never returned. */
    List<Operation<RegisterInput, RegisterOutput>> finish() {
        for (long requestId : List.copyOf(open.keySet())) abandoned(requestId);
        return List.copyOf(operations);
    }

    String summary() {
        return completed + " completed, " + failed + " refused, " + abandoned + " abandoned";
    }
}

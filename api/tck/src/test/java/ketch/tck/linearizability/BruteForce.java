package ketch.tck.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test oracle: tries every order of the operations that respects real time (a before b when a
 * returned strictly before b was called), over all registers at once (no partitioning).
 * Operations that never returned may take effect at any point after their call, or never.
 */
final class BruteForce {
    private BruteForce() {}

    static boolean linearizable(List<Operation<RegisterInput, RegisterOutput>> ops) {
        return search(ops, new boolean[ops.size()], new HashMap<>());
    }

    private static boolean search(List<Operation<RegisterInput, RegisterOutput>> ops, boolean[] done, Map<String, String> registers) {
        boolean allCompletedDone = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!done[i] && !ops.get(i).isPending()) allCompletedDone = false;
        }
        if (allCompletedDone) return true; // remaining pending operations simply never took effect
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || !minimal(ops, done, i)) continue;
            Operation<RegisterInput, RegisterOutput> op = ops.get(i);
            Optional<Optional<String>> next = RegisterModel.INSTANCE.step(
                    Optional.ofNullable(registers.get(op.input().key())), op.input(), op.output());
            if (next.isEmpty()) continue;
            Map<String, String> after = new HashMap<>(registers);
            next.get().ifPresentOrElse(v -> after.put(op.input().key(), v), () -> after.remove(op.input().key()));
            done[i] = true;
            boolean found = search(ops, done, after);
            done[i] = false;
            if (found) return true;
        }
        return false;
    }

    /** No remaining operation returned strictly before {@code candidate} was called. */
    private static boolean minimal(List<Operation<RegisterInput, RegisterOutput>> ops, boolean[] done, int candidate) {
        List<Integer> blockers = new ArrayList<>();
        for (int j = 0; j < ops.size(); j++) {
            if (!done[j] && j != candidate && ops.get(j).returnTimeOrInfinity() < ops.get(candidate).callTime()) blockers.add(j);
        }
        return blockers.isEmpty();
    }
}

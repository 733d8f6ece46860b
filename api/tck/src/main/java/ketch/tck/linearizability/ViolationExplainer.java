package ketch.tck.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Shrinks a non-linearizable partition to a small witness, using only steps that keep the
 * witness sound (if the witness cannot be linearized, neither can the history):
 * <ol>
 *   <li>cut the history at the earliest time {@code t} where it already fails: operations called
 *       after {@code t} are dropped and operations still running at {@code t} are treated as never
 *       returned (they may or may not have taken effect). Every dropped operation starts after
 *       every completed one, so it could not have helped.
 *   <li>drop each completed read whose removal keeps the cut history failing (a read changes no
 *       state, so dropping it only removes constraints).
 * </ol>
 * Writes are never dropped: one might be the only explanation for a later read.
 */
final class ViolationExplainer {

    private static final int MAX_LINES = 40;

    private ViolationExplainer() {}

    static <S, I, O> CheckResult.NotLinearizable<I, O> explain(
            Model<S, I, O> model, String partition, List<Operation<I, O>> ops, long budget) {
        List<Long> cuts = new ArrayList<>(new TreeSet<>(ops.stream()
                .filter(op -> !op.isPending())
                .map(op -> op.returnTime().getAsLong())
                .toList()));
        // Smallest failing cut: failing is monotone in the cut time (a later cut only adds constraints).
        int lo = 0;
        int hi = cuts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fails(model, cutAt(ops, cuts.get(mid)), budget)) hi = mid;
            else lo = mid + 1;
        }
        long cut = cuts.isEmpty() ? Long.MAX_VALUE : cuts.get(lo);
        List<Integer> kept = indexesCalledBy(ops, cut);
        for (int i = kept.size() - 1; i >= 0; i--) {
            Operation<I, O> op = ops.get(kept.get(i));
            if (op.isPending() || op.returnTime().getAsLong() > cut || !model.readOnly(op.input())) continue;
            List<Integer> without = new ArrayList<>(kept);
            without.remove(i);
            if (fails(model, truncate(ops, without, cut), budget)) kept = without;
        }
        List<Operation<I, O>> witness = kept.stream().map(ops::get).toList();
        return new CheckResult.NotLinearizable<>(partition, witness, describe(model, partition, witness, cut));
    }

    private static <S, I, O> boolean fails(Model<S, I, O> model, List<Operation<I, O>> ops, long budget) {
        return WingGongSearch.search(model, ops, budget).verdict() == WingGongSearch.Verdict.NOT_LINEARIZABLE;
    }

    private static <I, O> List<Operation<I, O>> cutAt(List<Operation<I, O>> ops, long cut) {
        return truncate(ops, indexesCalledBy(ops, cut), cut);
    }

    /** Indexes of the operations called at or before {@code cut}, in call order. */
    private static <I, O> List<Integer> indexesCalledBy(List<Operation<I, O>> ops, long cut) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).callTime() <= cut) indexes.add(i);
        }
        indexes.sort(Comparator.<Integer>comparingLong(i -> ops.get(i).callTime()).thenComparing(i -> i));
        return indexes;
    }

    /** The chosen operations, with those still running at {@code cut} turned into never-returned ones. */
    private static <I, O> List<Operation<I, O>> truncate(List<Operation<I, O>> ops, List<Integer> chosen, long cut) {
        List<Operation<I, O>> out = new ArrayList<>(chosen.size());
        for (int i : chosen) {
            Operation<I, O> op = ops.get(i);
            boolean running = op.returnTimeOrInfinity() > cut;
            out.add(running ? Operation.pending(op.clientId(), op.callTime(), op.input()) : op);
        }
        return out;
    }

    private static <S, I, O> String describe(Model<S, I, O> model, String partition, List<Operation<I, O>> witness, long cut) {
        StringBuilder text = new StringBuilder();
        text.append("no linearization of these ").append(witness.size()).append(" operations on partition '")
                .append(partition).append("'");
        if (cut != Long.MAX_VALUE) {
            text.append(" (history cut at time ").append(cut)
                    .append("; operations still running then may or may not have taken effect)");
        }
        text.append(':');
        int skip = Math.max(0, witness.size() - MAX_LINES);
        if (skip > 0) text.append("\n  ... ").append(skip).append(" earlier operations");
        for (Operation<I, O> op : witness.subList(skip, witness.size())) {
            text.append("\n  ").append(op.describe(model));
            // the history up to the previous return time was still linearizable: this return broke it
            if (op.returnTime().isPresent() && op.returnTime().getAsLong() == cut) text.append("   <== first answer no order explains");
        }
        return text.toString();
    }
}

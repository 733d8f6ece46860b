package ketch.tck.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides whether a concurrent history is linearizable with respect to a {@link Model}.
 *
 * <p>The history is split by {@link Model#partitionKey} and each partition is searched alone
 * (linearizability is compositional over independent objects). Each search is bounded by a
 * number of model steps so a pathological history yields {@link CheckResult.Unknown} instead of
 * running for ever. Deterministic: the same history and budget give the same result.
 */
public final class LinearizabilityChecker {

    /** Model steps allowed per partition by {@link #check(Model, List)}. */
    public static final long DEFAULT_BUDGET = 5_000_000;

    private LinearizabilityChecker() {}

    public static <S, I, O> CheckResult<I, O> check(Model<S, I, O> model, List<Operation<I, O>> history) {
        return check(model, history, DEFAULT_BUDGET);
    }

    /**
     * Checks {@code history}. A non-linearizable partition wins over an undecided one: the result
     * is {@link CheckResult.NotLinearizable} if any partition is proven so, else
     * {@link CheckResult.Unknown} if any ran out of budget, else {@link CheckResult.Linearizable}.
     */
    public static <S, I, O> CheckResult<I, O> check(Model<S, I, O> model, List<Operation<I, O>> history, long budgetPerPartition) {
        if (budgetPerPartition < 1) {
            throw new IllegalArgumentException("budget per partition must be >= 1 model step, got " + budgetPerPartition);
        }
        Map<String, List<Operation<I, O>>> partitions = partition(model, history);
        long explored = 0;
        Optional<CheckResult<I, O>> undecided = Optional.empty();
        for (Map.Entry<String, List<Operation<I, O>>> part : partitions.entrySet()) {
            WingGongSearch.Outcome outcome = WingGongSearch.search(model, part.getValue(), budgetPerPartition);
            explored += outcome.steps();
            switch (outcome.verdict()) {
                case LINEARIZABLE -> {}
                case NOT_LINEARIZABLE -> {
                    return ViolationExplainer.explain(model, part.getKey(), part.getValue(), budgetPerPartition);
                }
                case BUDGET_EXHAUSTED -> {
                    if (undecided.isEmpty()) {
                        undecided = Optional.of(new CheckResult.Unknown<>(part.getKey(), "search budget of " + budgetPerPartition
                                + " model steps exhausted on " + part.getValue().size() + " operations"));
                    }
                }
            }
        }
        if (undecided.isPresent()) return undecided.get();
        return new CheckResult.Linearizable<>(partitions.size(), explored);
    }

    /** Operations grouped by partition key, in key order; read-only operations that never returned are dropped. */
    static <S, I, O> Map<String, List<Operation<I, O>>> partition(Model<S, I, O> model, List<Operation<I, O>> history) {
        Map<String, List<Operation<I, O>>> partitions = new TreeMap<>();
        for (Operation<I, O> op : history) {
            if (op.isPending() && model.readOnly(op.input())) continue; // constrains nothing
            partitions.computeIfAbsent(model.partitionKey(op.input()), k -> new ArrayList<>()).add(op);
        }
        return partitions;
    }
}

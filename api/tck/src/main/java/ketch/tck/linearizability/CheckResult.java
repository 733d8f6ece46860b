package ketch.tck.linearizability;

import java.util.List;

/** What the checker concluded about a history. */
public sealed interface CheckResult<I, O> {

    /** A linearization exists for every partition. */
    record Linearizable<I, O>(int partitions, long statesExplored) implements CheckResult<I, O> {}

    /**
     * No linearization exists. {@code operations} is a small sub-history of one partition that is
     * already not linearizable (every operation in it is needed for that), in call order.
     */
    record NotLinearizable<I, O>(String partition, List<Operation<I, O>> operations, String explanation)
            implements CheckResult<I, O> {
        public NotLinearizable {
            operations = List.copyOf(operations);
        }
    }

    /** The search hit its budget before deciding a partition: neither verdict is proven. */
    record Unknown<I, O>(String partition, String reason) implements CheckResult<I, O> {}

    default boolean isLinearizable() {
        return this instanceof Linearizable;
    }
}

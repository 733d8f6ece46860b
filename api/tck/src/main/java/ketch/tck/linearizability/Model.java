package ketch.tck.linearizability;

import java.util.Optional;

/**
 * A sequential specification the checker replays operations against.
 *
 * <p>Operations with different {@link #partitionKey partition keys} must be independent (touch
 * disjoint state): the checker then checks each partition alone, from {@link #initialState()}.
 * States must implement {@code equals}/{@code hashCode} by value: the search memoises on them.
 *
 * @param <S> the state of one partition
 * @param <I> an operation's input
 * @param <O> an operation's output
 */
public interface Model<S, I, O> {

    /** The state of every partition before any operation. */
    S initialState();

    /**
     * Applies {@code input} to {@code state}. With a known {@code output}, returns the next state
     * if the model could have produced that output, else empty. With an empty {@code output}
     * (the operation never returned) the output is unconstrained: returns the next state.
     */
    Optional<S> step(S state, I input, Optional<O> output);

    /** Operations with different keys touch disjoint state. One key for all by default. */
    default String partitionKey(I input) {
        return "";
    }

    /**
     * True when the input never changes the state (a read). A read-only operation that never
     * returned constrains nothing, so the checker drops it.
     */
    default boolean readOnly(I input) {
        return false;
    }

    /** A readable form of one operation, for explanations. */
    default String describe(I input, Optional<O> output) {
        return input + " -> " + output.map(String::valueOf).orElse("?");
    }
}

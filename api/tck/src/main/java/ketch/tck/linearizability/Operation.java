package ketch.tck.linearizability;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One client operation as observed: who issued it, when it was called and when it returned. An
 * operation that never returned (timed out, client crashed) has an empty {@code returnTime} and
 * {@code output}: it may have taken effect at any point after its call, or not at all.
 */
public record Operation<I, O>(long clientId, long callTime, OptionalLong returnTime, I input, Optional<O> output) {

    public Operation {
        Objects.requireNonNull(returnTime, "returnTime");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (returnTime.isPresent() != output.isPresent()) {
            throw new IllegalArgumentException("an operation has both a return time and an output, or neither; got return time "
                    + returnTime + " and output " + output);
        }
        if (returnTime.isPresent() && returnTime.getAsLong() < callTime) {
            throw new IllegalArgumentException("return time " + returnTime.getAsLong() + " is before call time " + callTime);
        }
    }

    /** An operation that returned {@code output} at {@code returnTime}. */
    public static <I, O> Operation<I, O> completed(long clientId, long callTime, long returnTime, I input, O output) {
        return new Operation<>(clientId, callTime, OptionalLong.of(returnTime), input, Optional.of(output));
    }

    /** An operation that never returned: it may or may not have taken effect. */
    public static <I, O> Operation<I, O> pending(long clientId, long callTime, I input) {
        return new Operation<>(clientId, callTime, OptionalLong.empty(), input, Optional.empty());
    }

    public boolean isPending() {
        return returnTime.isEmpty();
    }

    /** Return time for ordering: a pending operation stays open for ever. */
    long returnTimeOrInfinity() {
        return returnTime.orElse(Long.MAX_VALUE);
    }

    /** A readable line: client, interval and the model's description of input and output. */
    public String describe(Model<?, I, O> model) {
        String end = returnTime.isPresent() ? Long.toString(returnTime.getAsLong()) : "never";
        return "client " + clientId + " [" + callTime + ".." + end + "] " + model.describe(input, output);
    }
}

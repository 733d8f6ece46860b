package ketch.tck.linearizability;

import java.util.Objects;
import java.util.Optional;

/** What a {@link RegisterInput} returned. */
public sealed interface RegisterOutput {

    /** A write completed. */
    record Written() implements RegisterOutput {
        @Override
        public String toString() {
            return "ok";
        }
    }

    /** A read saw {@code value} (empty: never written). */
    record ReadValue(Optional<String> value) implements RegisterOutput {
        public ReadValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.orElse("<unset>");
        }
    }

    /** A compare-and-set swapped ({@code true}) or found another value ({@code false}). */
    record CasResult(boolean swapped) implements RegisterOutput {
        @Override
        public String toString() {
            return swapped ? "swapped" : "failed";
        }
    }

    static RegisterOutput written() {
        return new Written();
    }

    static RegisterOutput read(String value) {
        return new ReadValue(Optional.of(value));
    }

    static RegisterOutput readUnset() {
        return new ReadValue(Optional.empty());
    }

    static RegisterOutput cas(boolean swapped) {
        return new CasResult(swapped);
    }
}

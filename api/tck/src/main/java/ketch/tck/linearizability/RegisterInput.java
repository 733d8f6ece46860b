package ketch.tck.linearizability;

import java.util.Objects;
import java.util.Optional;

/** An operation on one named register of {@link RegisterModel}. */
public sealed interface RegisterInput {

    /** The register the operation touches (its partition). */
    String key();

    /** Sets the register to {@code value}; answered by {@link RegisterOutput.Written}. */
    record Write(String key, String value) implements RegisterInput {
        public Write {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "write(" + key + ", " + value + ")";
        }
    }

    /** Reads the register; answered by {@link RegisterOutput.ReadValue}. */
    record Read(String key) implements RegisterInput {
        public Read {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "read(" + key + ")";
        }
    }

    /**
     * Sets the register to {@code value} if it holds {@code expected} (empty: was never written);
     * answered by {@link RegisterOutput.CasResult}.
     */
    record Cas(String key, Optional<String> expected, String value) implements RegisterInput {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "cas(" + key + ", " + expected.orElse("<unset>") + " -> " + value + ")";
        }
    }
}

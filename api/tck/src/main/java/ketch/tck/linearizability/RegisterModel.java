package ketch.tck.linearizability;

import java.util.Optional;

/**
 * A set of independent registers keyed by name, each starting unset: write, read and
 * compare-and-set. One partition per register; the state of a partition is the register's value.
 */
public final class RegisterModel implements Model<Optional<String>, RegisterInput, RegisterOutput> {

    public static final RegisterModel INSTANCE = new RegisterModel();

    private RegisterModel() {}

    @Override
    public Optional<String> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<Optional<String>> step(Optional<String> state, RegisterInput input, Optional<RegisterOutput> output) {
        return switch (input) {
            case RegisterInput.Write w -> {
                expect(output, RegisterOutput.Written.class, input);
                yield Optional.of(Optional.of(w.value()));
            }
            case RegisterInput.Read r -> {
                expect(output, RegisterOutput.ReadValue.class, input);
                boolean matches = output.map(o -> ((RegisterOutput.ReadValue) o).value().equals(state)).orElse(true);
                yield matches ? Optional.of(state) : Optional.empty();
            }
            case RegisterInput.Cas c -> {
                expect(output, RegisterOutput.CasResult.class, input);
                boolean swaps = c.expected().equals(state);
                boolean matches = output.map(o -> ((RegisterOutput.CasResult) o).swapped() == swaps).orElse(true);
                if (!matches) yield Optional.empty();
                yield Optional.of(swaps ? Optional.of(c.value()) : state);
            }
        };
    }

    private static void expect(Optional<RegisterOutput> output, Class<? extends RegisterOutput> type, RegisterInput input) {
        if (output.isPresent() && !type.isInstance(output.get())) {
            throw new IllegalArgumentException("output " + output.get() + " (" + output.get().getClass().getSimpleName()
                    + ") does not answer " + input + "; expected a " + type.getSimpleName());
        }
    }

    @Override
    public String partitionKey(RegisterInput input) {
        return input.key();
    }

    @Override
    public boolean readOnly(RegisterInput input) {
        return input instanceof RegisterInput.Read;
    }

    @Override
    public String describe(RegisterInput input, Optional<RegisterOutput> output) {
        return input + " -> " + output.map(String::valueOf).orElse("?");
    }
}

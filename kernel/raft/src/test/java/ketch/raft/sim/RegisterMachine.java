package ketch.raft.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ketch.tck.linearizability.RegisterInput;
import ketch.tck.linearizability.RegisterOutput;

/**
 * One node's state machine: named registers. Each request id applies at most once (a proposal
 * duplicated by the network or re-forwarded must not write twice); a repeat gets the first result.
 */
final class RegisterMachine {
    private final TreeMap<String, String> registers = new TreeMap<>();
    private final Map<Long, RegisterOutput> results = new HashMap<>(); // lookups only, never iterated

    RegisterOutput apply(ClientCommand command) {
        RegisterOutput earlier = results.get(command.requestId());
        if (earlier != null) return earlier;
        RegisterOutput output = switch (command.input()) {
            case RegisterInput.Write w -> {
                registers.put(w.key(), w.value());
                yield RegisterOutput.written();
            }
            case RegisterInput.Cas c -> {
                boolean swaps = c.expected().equals(Optional.ofNullable(registers.get(c.key())));
                if (swaps) registers.put(c.key(), c.value());
                yield RegisterOutput.cas(swaps);
            }
            case RegisterInput.Read r -> throw new IllegalArgumentException("reads are not applied through the log: " + r);
        };
        results.put(command.requestId(), output);
        return output;
    }

    Optional<String> read(String key) {
        return Optional.ofNullable(registers.get(key));
    }
}

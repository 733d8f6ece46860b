package ketch.raft.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.tck.linearizability.RegisterInput;
import ketch.tck.linearizability.RegisterOutput;

/**
 * One node's state machine: named registers. Each request id applies at most once (a proposal
 * duplicated by the network or re-forwarded must not write twice); a repeat gets the first result.
 * Its whole state (registers and remembered results) round-trips through {@link #snapshot()}.
 */
final class RegisterMachine {
    private static final byte WRITTEN = 0;
    private static final byte READ_UNSET = 1;
    private static final byte READ_VALUE = 2;
    private static final byte CAS_SWAPPED = 3;
    private static final byte CAS_FAILED = 4;

    private final TreeMap<String, String> registers = new TreeMap<>();
    private final TreeMap<Long, RegisterOutput> results = new TreeMap<>();

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

    /** The whole state as bytes: registers, then remembered results. */
    Bytes snapshot() {
        ByteBuffer out = ByteBuffer.allocate(64 + registers.size() * 80 + results.size() * 48);
        out.putInt(registers.size());
        for (Map.Entry<String, String> r : registers.entrySet()) {
            putString(out, r.getKey());
            putString(out, r.getValue());
        }
        out.putInt(results.size());
        for (Map.Entry<Long, RegisterOutput> r : results.entrySet()) {
            out.putLong(r.getKey());
            switch (r.getValue()) {
                case RegisterOutput.Written w -> out.put(WRITTEN);
                case RegisterOutput.ReadValue v -> {
                    out.put(v.value().isPresent() ? READ_VALUE : READ_UNSET);
                    v.value().ifPresent(s -> putString(out, s));
                }
                case RegisterOutput.CasResult c -> out.put(c.swapped() ? CAS_SWAPPED : CAS_FAILED);
            }
        }
        return Bytes.copyOf(out.array(), 0, out.position());
    }

    static RegisterMachine restore(Bytes snapshot) {
        RegisterMachine machine = new RegisterMachine();
        if (snapshot.isEmpty()) return machine;
        ByteBuffer in = ByteBuffer.wrap(snapshot.toByteArray());
        int registers = in.getInt();
        for (int i = 0; i < registers; i++) machine.registers.put(getString(in), getString(in));
        int results = in.getInt();
        for (int i = 0; i < results; i++) {
            long requestId = in.getLong();
            byte kind = in.get();
            RegisterOutput output = switch (kind) {
                case WRITTEN -> RegisterOutput.written();
                case READ_UNSET -> RegisterOutput.readUnset();
                case READ_VALUE -> RegisterOutput.read(getString(in));
                case CAS_SWAPPED -> RegisterOutput.cas(true);
                case CAS_FAILED -> RegisterOutput.cas(false);
                default -> throw new IllegalArgumentException("unknown result kind " + kind + " in register snapshot");
            };
            machine.results.put(requestId, output);
        }
        return machine;
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putShort((short) b.length);
        out.put(b);
    }

    private static String getString(ByteBuffer in) {
        byte[] b = new byte[in.getShort()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}

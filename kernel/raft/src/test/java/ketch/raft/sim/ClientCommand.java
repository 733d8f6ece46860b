package ketch.raft.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.tck.linearizability.RegisterInput;

/**
 * A client's register command as carried in an entry's data: a request id unique in the run
 * (so a duplicated proposal applies once) and the operation.
 */
record ClientCommand(long requestId, RegisterInput input) {

    private static final byte WRITE = 1;
    private static final byte CAS = 2;
    private static final byte CAS_FROM_UNSET = 3;

    Bytes encode() {
        ByteBuffer out = ByteBuffer.allocate(256);
        out.putLong(requestId);
        switch (input) {
            case RegisterInput.Write w -> {
                out.put(WRITE);
                putString(out, w.key());
                putString(out, w.value());
            }
            case RegisterInput.Cas c -> {
                out.put(c.expected().isPresent() ? CAS : CAS_FROM_UNSET);
                putString(out, c.key());
                putString(out, c.value());
                c.expected().ifPresent(e -> putString(out, e));
            }
            case RegisterInput.Read r -> throw new IllegalArgumentException("reads go through ReadIndex, not the log: " + r);
        }
        return Bytes.copyOf(out.array(), 0, out.position());
    }

    static ClientCommand decode(Bytes data) {
        ByteBuffer in = ByteBuffer.wrap(data.toByteArray());
        long requestId = in.getLong();
        byte kind = in.get();
        String key = getString(in);
        String value = getString(in);
        RegisterInput input = switch (kind) {
            case WRITE -> new RegisterInput.Write(key, value);
            case CAS -> new RegisterInput.Cas(key, Optional.of(getString(in)), value);
            case CAS_FROM_UNSET -> new RegisterInput.Cas(key, Optional.empty(), value);
            default -> throw new IllegalArgumentException("unknown client command kind " + kind);
        };
        return new ClientCommand(requestId, input);
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

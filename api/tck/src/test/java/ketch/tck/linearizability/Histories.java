package ketch.tck.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A small builder for register histories in tests: one line per operation. */
final class Histories {
    private final List<Operation<RegisterInput, RegisterOutput>> ops = new ArrayList<>();

    Histories write(long client, long call, long ret, String key, String value) {
        ops.add(Operation.completed(client, call, ret, new RegisterInput.Write(key, value), RegisterOutput.written()));
        return this;
    }

    Histories read(long client, long call, long ret, String key, String value) {
        ops.add(Operation.completed(client, call, ret, new RegisterInput.Read(key), RegisterOutput.read(value)));
        return this;
    }

    Histories readUnset(long client, long call, long ret, String key) {
        ops.add(Operation.completed(client, call, ret, new RegisterInput.Read(key), RegisterOutput.readUnset()));
        return this;
    }

    Histories cas(long client, long call, long ret, String key, String expected, String value, boolean swapped) {
        ops.add(Operation.completed(client, call, ret, new RegisterInput.Cas(key, Optional.ofNullable(expected), value),
                RegisterOutput.cas(swapped)));
        return this;
    }

    Histories pendingWrite(long client, long call, String key, String value) {
        ops.add(Operation.pending(client, call, new RegisterInput.Write(key, value)));
        return this;
    }

    Histories pendingCas(long client, long call, String key, String expected, String value) {
        ops.add(Operation.pending(client, call, new RegisterInput.Cas(key, Optional.ofNullable(expected), value)));
        return this;
    }

    Histories pendingRead(long client, long call, String key) {
        ops.add(Operation.pending(client, call, new RegisterInput.Read(key)));
        return this;
    }

    List<Operation<RegisterInput, RegisterOutput>> build() {
        return List.copyOf(ops);
    }

    CheckResult<RegisterInput, RegisterOutput> check() {
        return LinearizabilityChecker.check(RegisterModel.INSTANCE, build());
    }
}

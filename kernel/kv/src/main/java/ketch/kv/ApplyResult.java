package ketch.kv;

import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.Event;
import java.util.List;
import java.util.Objects;
import ketch.api.kv.KvException;

/**
 * What applying one command produced: the response record for the client (PutResponse,
 * DeleteRangeResponse, TxnResponse, CompactionResponse, LeaseGrantResponse, LeaseRevokeResponse or
 * LeaseCheckpointResponse or AlarmResponse) with the watch events, or the client-visible error (which changed nothing).
 */
public sealed interface ApplyResult {
    /** The changes in the order they happened; empty for a failure or a command that wrote nothing. */
    List<Event> events();

    record Success(Record response, List<Event> events) implements ApplyResult {
        public Success {
            Objects.requireNonNull(response, "response");
            events = List.copyOf(events);
        }
    }

    record Failure(KvException error) implements ApplyResult {
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public List<Event> events() {
            return List.of();
        }
    }

    /** The response as {@code type}; throws the failure's KvException, or ClassCastException on a wrong type. */
    default <T extends Record> T responseAs(Class<T> type) {
        return switch (this) {
            case Success s -> type.cast(s.response());
            case Failure f -> throw f.error();
        };
    }
}

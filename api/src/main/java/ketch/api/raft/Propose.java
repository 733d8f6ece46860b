package ketch.api.raft;

import java.util.List;
import java.util.Objects;
import ketch.api.Bytes;

/** A follower forwards client proposals to the leader; each payload becomes one entry of {@code type}. */
public record Propose(long from, long to, long term, Entry.Type type, List<Bytes> payloads) implements Message {
    public Propose {
        Message.checkIds(from, to, term);
        Objects.requireNonNull(type, "type");
        payloads = List.copyOf(payloads);
    }
}

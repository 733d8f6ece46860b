package ketch.api.raft;

import java.util.Objects;
import ketch.api.Bytes;

/**
 * One Raft log entry. {@code data} is opaque to Raft and to log stores: a batch of client
 * commands for {@link Type#NORMAL}, an encoded configuration change for {@link Type#CONF_CHANGE}.
 */
public record Entry(long index, long term, Type type, Bytes data) {
    public enum Type {
        NORMAL,
        CONF_CHANGE
    }

    public Entry {
        if (index < 1) throw new IllegalArgumentException("entry index must be >= 1, got " + index);
        if (term < 0) throw new IllegalArgumentException("entry term must be >= 0, got " + term);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static Entry normal(long index, long term, Bytes data) {
        return new Entry(index, term, Type.NORMAL, data);
    }

    /** Bytes this entry takes in size-bounded batches (payload plus a fixed header). */
    public long sizeBytes() {
        return data.size() + EntryCodec.HEADER_BYTES;
    }
}

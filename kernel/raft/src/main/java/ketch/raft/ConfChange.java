package ketch.raft;

import java.nio.ByteBuffer;
import java.util.Objects;
import ketch.api.Bytes;
import ketch.api.raft.Entry;

/**
 * A single-server membership change (thesis §4.1): one member added as voter, added as learner,
 * promoted (ADD_VOTER on a learner) or removed. It travels as the data of a
 * {@link Entry.Type#CONF_CHANGE} entry: version (1), type (1), member id (8), big-endian, followed
 * by the caller's context bytes (possibly none). Raft never looks inside the context: the node
 * uses it to carry the member's attributes to every state machine that applies the change.
 */
public record ConfChange(Type type, long memberId) {
    public static final byte VERSION = 1;
    /** The size of the change itself; the entry's context follows it. */
    public static final int ENCODED_BYTES = 1 + 1 + 8;

    public enum Type {
        /** Adds a voter, or promotes a learner to voter. */
        ADD_VOTER,
        /** Adds a learner (receives the log, does not vote), or demotes a voter. */
        ADD_LEARNER,
        /** Removes a voter or learner. */
        REMOVE
    }

    public ConfChange {
        Objects.requireNonNull(type, "type");
        if (memberId == 0) throw new IllegalArgumentException("member id must not be 0 (ids are unsigned 64-bit, any other value is valid)");
    }

    public static ConfChange addVoter(long id) {
        return new ConfChange(Type.ADD_VOTER, id);
    }

    public static ConfChange addLearner(long id) {
        return new ConfChange(Type.ADD_LEARNER, id);
    }

    public static ConfChange remove(long id) {
        return new ConfChange(Type.REMOVE, id);
    }

    /** The entry data of this change with no context. */
    public Bytes encode() {
        return encode(Bytes.EMPTY);
    }

    /** The entry data of this change followed by {@code context}, which Raft passes through untouched. */
    public Bytes encode(Bytes context) {
        Objects.requireNonNull(context, "context");
        ByteBuffer buf = ByteBuffer.allocate(ENCODED_BYTES + context.size());
        buf.put(VERSION).put((byte) type.ordinal()).putLong(memberId).put(context.toByteArray());
        return Bytes.wrap(buf.array());
    }

    /**
     * Decodes the change at the start of a CONF_CHANGE entry's data (any context after it is
     * ignored; see {@link #context(Bytes)}); {@link IllegalArgumentException} if malformed.
     */
    public static ConfChange decode(Bytes data) {
        if (data.size() < ENCODED_BYTES) {
            throw new IllegalArgumentException("conf change must be at least " + ENCODED_BYTES + " bytes, got " + data.size());
        }
        ByteBuffer buf = ByteBuffer.wrap(data.toByteArray(), 0, ENCODED_BYTES);
        byte version = buf.get();
        if (version != VERSION) throw new IllegalArgumentException("unknown conf change version " + version + ", expected " + VERSION);
        int type = buf.get();
        Type[] types = Type.values();
        if (type < 0 || type >= types.length) throw new IllegalArgumentException("unknown conf change type " + type);
        return new ConfChange(types[type], buf.getLong());
    }

    /** The context bytes after the change in a CONF_CHANGE entry's data (empty if none). */
    public static Bytes context(Bytes data) {
        decode(data); // the change must be well-formed before its context means anything
        byte[] raw = data.toByteArray();
        return Bytes.copyOf(raw, ENCODED_BYTES, raw.length - ENCODED_BYTES);
    }

    /** The change carried by a CONF_CHANGE entry. */
    public static ConfChange of(Entry entry) {
        if (entry.type() != Entry.Type.CONF_CHANGE) {
            throw new IllegalArgumentException("entry " + entry.index() + " is " + entry.type() + ", expected CONF_CHANGE");
        }
        return decode(entry.data());
    }
}

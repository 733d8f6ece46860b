package ketch.raft;

import java.nio.ByteBuffer;
import java.util.Objects;
import ketch.api.Bytes;
import ketch.api.raft.Entry;

/**
 * A single-server membership change (thesis §4.1): one member added as voter, added as learner,
 * promoted (ADD_VOTER on a learner) or removed. It travels as the data of a
 * {@link Entry.Type#CONF_CHANGE} entry: version (1), type (1), member id (8), big-endian.
 */
public record ConfChange(Type type, long memberId) {
    public static final byte VERSION = 1;
    private static final int ENCODED_BYTES = 1 + 1 + 8;

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

    public Bytes encode() {
        ByteBuffer buf = ByteBuffer.allocate(ENCODED_BYTES);
        buf.put(VERSION).put((byte) type.ordinal()).putLong(memberId);
        return Bytes.wrap(buf.array());
    }

    /** Decodes the data of a CONF_CHANGE entry; {@link IllegalArgumentException} if malformed. */
    public static ConfChange decode(Bytes data) {
        if (data.size() != ENCODED_BYTES) {
            throw new IllegalArgumentException("conf change must be " + ENCODED_BYTES + " bytes, got " + data.size());
        }
        ByteBuffer buf = ByteBuffer.wrap(data.toByteArray());
        byte version = buf.get();
        if (version != VERSION) throw new IllegalArgumentException("unknown conf change version " + version + ", expected " + VERSION);
        int type = buf.get();
        Type[] types = Type.values();
        if (type < 0 || type >= types.length) throw new IllegalArgumentException("unknown conf change type " + type);
        return new ConfChange(types[type], buf.getLong());
    }

    /** The change carried by a CONF_CHANGE entry. */
    public static ConfChange of(Entry entry) {
        if (entry.type() != Entry.Type.CONF_CHANGE) {
            throw new IllegalArgumentException("entry " + entry.index() + " is " + entry.type() + ", expected CONF_CHANGE");
        }
        return decode(entry.data());
    }
}

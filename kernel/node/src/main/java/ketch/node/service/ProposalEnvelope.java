package ketch.node.service;

import java.nio.ByteBuffer;
import ketch.api.Bytes;

/**
 * The payload of a NORMAL Raft entry: who proposed it (member, process incarnation, sequence) and
 * the encoded command. Only the proposing process completes a client's future for it; the
 * incarnation keeps a restarted process from mistaking a replayed old entry for a new proposal.
 */
public record ProposalEnvelope(long memberId, long incarnation, long sequence, byte[] command) {
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 + 8 + 8;

    public Bytes encode() {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + command.length);
        buf.put(VERSION).putLong(memberId).putLong(incarnation).putLong(sequence).put(command);
        return Bytes.wrap(buf.array());
    }

    /** Decodes an entry payload; throws IllegalArgumentException when it is not an envelope. */
    public static ProposalEnvelope decode(Bytes data) {
        byte[] raw = data.toByteArray();
        if (raw.length < HEADER || raw[0] != VERSION) {
            throw new IllegalArgumentException("not a proposal envelope: " + raw.length + " bytes, version " + (raw.length > 0 ? raw[0] : -1));
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        buf.get();
        long member = buf.getLong();
        long incarnation = buf.getLong();
        long sequence = buf.getLong();
        byte[] command = new byte[buf.remaining()];
        buf.get(command);
        return new ProposalEnvelope(member, incarnation, sequence, command);
    }
}

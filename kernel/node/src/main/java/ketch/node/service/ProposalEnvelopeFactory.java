package ketch.node.service;

import ketch.api.Bytes;

/** Wraps commands of this process (member + incarnation) into proposal envelopes. */
public record ProposalEnvelopeFactory(long memberId, long incarnation) {
    public Bytes wrap(long sequence, byte[] command) {
        return new ProposalEnvelope(memberId, incarnation, sequence, command).encode();
    }
}

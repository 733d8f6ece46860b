package ketch.api.raft;

/**
 * A message between Raft peers. The concrete message types are records in this package; the
 * one binary codec that every transport uses lives beside them.
 */
public interface Message {
    /** The sending member. */
    long from();

    /** The receiving member. */
    long to();

    /** The sender's term (0 for messages that carry none). */
    long term();
}

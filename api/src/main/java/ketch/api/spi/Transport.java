package ketch.api.spi;

import java.net.URI;
import java.util.List;
import ketch.api.raft.Message;

/**
 * A message pipe between Raft peers. It delivers and reports; it never decides anything about
 * replication. Messages to one peer arrive in the order they were sent, or not at all.
 */
public interface Transport extends AutoCloseable {

    /** What the transport reports back to the node. */
    interface Inbound {
        /** A message arrived for this member. Called on a transport thread; must not block. */
        void receive(Message message);

        /**
         * A message to {@code peerId} could not be delivered (connection down, queue full, unknown
         * peer). Called on a transport thread or inside {@link Transport#send}; must not block.
         */
        void unreachable(long peerId);
    }

    /** Starts listening on the configured peer URLs and delivers arriving messages to {@code inbound}. */
    void start(Inbound inbound);

    /** Queues {@code batch} for sending; never blocks. Messages to unknown peers are dropped and reported. */
    void send(List<Message> batch);

    void addPeer(long peerId, List<URI> peerUrls);

    void removePeer(long peerId);

    @Override
    void close();
}

package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Message;

/** The core's effects waiting for the next {@link Ready}: messages by send rule, and read outcomes. */
final class Outbox {
    final ArrayList<Message> now = new ArrayList<>();
    final ArrayList<Message> afterPersist = new ArrayList<>();
    final ArrayList<ReadState> readStates = new ArrayList<>();

    /** A message that depends on nothing not yet durable. */
    void send(Message m) {
        now.add(m);
    }

    /** A message that promises durable state (votes, acknowledgements): sent after this Ready is persisted. */
    void sendAfterPersist(Message m) {
        afterPersist.add(m);
    }

    void report(ReadState state) {
        readStates.add(state);
    }

    boolean isEmpty() {
        return now.isEmpty() && afterPersist.isEmpty() && readStates.isEmpty();
    }

    /** Drops what the caller took with {@code rd}; anything added since stays for the next Ready. */
    void taken(Ready rd) {
        dropFirst(now, rd.messages().size());
        dropFirst(afterPersist, rd.messagesAfterPersist().size());
        dropFirst(readStates, rd.readStates().size());
    }

    private static <T> void dropFirst(List<T> list, int n) {
        list.subList(0, Math.min(n, list.size())).clear();
    }
}

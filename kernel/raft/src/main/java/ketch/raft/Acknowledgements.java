package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Message;

/**
 * Thins out append acknowledgements released together. A successful {@link AppendResponse} says
 * the follower's log matches the leader's up to its index, so within one term a higher one implies
 * every lower one: the lower ones may be dropped, exactly as if the network had lost them (Raft
 * tolerates loss). A follower that persisted many appends in one sync then sends one
 * acknowledgement per leader instead of one per append, and the leader steps (and commits, and
 * broadcasts the commit) once instead of many times.
 */
public final class Acknowledgements {
    private Acknowledgements() {}

    /**
     * {@code messages} without each successful append acknowledgement that a later one, at least as high,
     * from the same sender to the same receiver in the same term supersedes; everything else
     * (rejections, votes, other messages) is kept, in order.
     */
    public static List<Message> coalesce(List<Message> messages) {
        int acks = 0;
        for (Message m : messages) if (m instanceof AppendResponse a && !a.reject()) acks++;
        if (acks < 2) return messages;
        // walk backwards, remembering the best acknowledgement already kept per sender, receiver and term
        List<AppendResponse> kept = new ArrayList<>();
        List<Message> reversed = new ArrayList<>(messages.size());
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m instanceof AppendResponse a && !a.reject()) {
                if (coveredBy(kept, a)) continue;
                kept.add(a);
            }
            reversed.add(m);
        }
        return reversed.reversed();
    }

    /** Whether a later acknowledgement of the same sender, receiver and term covers at least as much as {@code a}. */
    private static boolean coveredBy(List<AppendResponse> later, AppendResponse a) {
        for (AppendResponse b : later) {
            if (b.from() == a.from() && b.to() == a.to() && b.term() == a.term() && b.index() >= a.index()) return true;
        }
        return false;
    }
}

package ketch.raft;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/** Majority-quorum arithmetic over a set of voters (Raft §5.2, §5.3), pure and separately testable. */
final class Majority {
    enum VoteResult {
        PENDING,
        WON,
        LOST
    }

    private Majority() {}

    static int quorum(int voters) {
        return voters / 2 + 1;
    }

    /**
     * The largest value that a majority of {@code voters} has reached, where {@code acked} gives
     * each voter's value (e.g. match index). With no voters, {@link Long#MAX_VALUE}.
     */
    static long committedIndex(Collection<Long> voters, LongUnaryOperator acked) {
        int n = voters.size();
        if (n == 0) return Long.MAX_VALUE;
        long[] values = new long[n];
        int i = 0;
        for (long v : voters) values[i++] = acked.applyAsLong(v);
        Arrays.sort(values);
        // ascending: the value at n - quorum is held by at least quorum voters
        return values[n - quorum(n)];
    }

    /** Tallies {@code votes} (voter → granted) among {@code voters}; votes of non-voters are ignored. */
    static VoteResult voteResult(Collection<Long> voters, Map<Long, Boolean> votes) {
        if (voters.isEmpty()) return VoteResult.WON;
        int granted = 0;
        int missing = 0;
        for (long v : voters) {
            Boolean vote = votes.get(v);
            if (vote == null) missing++;
            else if (vote) granted++;
        }
        int q = quorum(voters.size());
        if (granted >= q) return VoteResult.WON;
        if (granted + missing >= q) return VoteResult.PENDING;
        return VoteResult.LOST;
    }
}

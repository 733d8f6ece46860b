package ketch.raft.archfixture;

import java.util.HashMap;
import java.util.Map;

/** Test fixture: breaks every kernel purity rule on purpose, so the rules are shown to fail. */
public final class ImpureCore {
    private final Map<Long, Long> progress = new HashMap<>();

    public long electionDeadline() {
        progress.put(1L, System.currentTimeMillis());
        new Thread(() -> { }).start();
        return (long) (Math.random() * 10);
    }
}

package ketch.node.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RaftWakeupsTest {
    private final AtomicInteger wakes = new AtomicInteger();
    private final RaftWakeups wakeups = new RaftWakeups(wakes::incrementAndGet);

    @Test
    void queuesOneWakeUpForManyRequestsUntilTheLaneTakesThem() {
        wakeups.proposalQueued(true);
        wakeups.proposalQueued(true);
        wakeups.readQueued();
        assertEquals(1, wakes.get());
        wakeups.turnStarted();
        wakeups.readQueued();
        assertEquals(2, wakes.get());
    }

    @Test
    void aLeaderWithAWriteInFlightLetsProposalsWaitForItsCompletion() {
        wakeups.writeSubmitted();
        wakeups.proposalQueued(true);
        wakeups.proposalQueued(true);
        assertEquals(0, wakes.get());
        wakeups.writesDone(1, () -> true);
        assertEquals(1, wakes.get());
    }

    @Test
    void aFollowerForwardsProposalsWithoutWaitingForItsWrites() {
        wakeups.writeSubmitted();
        wakeups.proposalQueued(false);
        assertEquals(1, wakes.get());
    }

    @Test
    void completionWakesOnlyWhenTheLastWriteIsDoneAndWorkIsQueued() {
        wakeups.writeSubmitted();
        wakeups.writeSubmitted();
        wakeups.writesDone(1, () -> true);
        assertEquals(0, wakes.get());
        assertEquals(1, wakeups.writesInFlight());
        wakeups.writesDone(1, () -> false);
        assertEquals(0, wakes.get());
        assertEquals(0, wakeups.writesInFlight());
        wakeups.proposalQueued(true);
        assertEquals(1, wakes.get());
    }

    @Test
    void aTurnWithoutWritesChangesNothing() {
        wakeups.writeSubmitted();
        wakeups.writesDone(0, () -> true);
        assertEquals(1, wakeups.writesInFlight());
        assertEquals(0, wakes.get());
    }
}

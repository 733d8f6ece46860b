package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void eventsRunInTimeOrderAndTiesInSchedulingOrder() {
        EventQueue q = new EventQueue();
        q.at(5, new SimEvent.ClientNext(1));
        q.at(3, new SimEvent.ClientNext(2));
        q.at(5, new SimEvent.ClientNext(3));
        q.at(4, new SimEvent.ClientNext(4));
        List<Integer> order = new ArrayList<>();
        while (true) {
            var next = q.next(100);
            if (next.isEmpty()) break;
            order.add(((SimEvent.ClientNext) next.get()).client());
        }
        assertEquals(List.of(2, 4, 1, 3), order);
        assertEquals(5, q.now());
    }

    @Test
    void eventsAfterTheHorizonStayQueued() {
        EventQueue q = new EventQueue();
        q.at(10, new SimEvent.Heal());
        assertTrue(q.next(9).isEmpty());
        assertEquals(0, q.now());
        assertTrue(q.next(10).isPresent());
    }
}

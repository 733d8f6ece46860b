package ketch.kv.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import org.junit.jupiter.api.Test;

class SlotTest {
    private static KeyVersion put(long rev, String value) {
        return new KeyVersion(rev, 0, 2, rev - 1, Bytes.of(value), 0, false);
    }

    @Test
    void aKeyWithOneVersionIsJustItsPackedBytesUntilASecondComes() {
        Object slot = Slot.of(put(2, "a"));
        assertInstanceOf(byte[].class, slot);
        assertEquals("a", Slot.liveAt(slot, 2).orElseThrow().value().toStringUtf8());
        assertTrue(Slot.liveAt(slot, 1).isEmpty(), "not there before its revision");
        Object two = Slot.append(slot, put(3, "b"));
        assertInstanceOf(KeyHistory.class, two);
        assertEquals(List.of(put(2, "a"), put(3, "b")), Slot.versions(two));
        assertSame(two, Slot.append(two, put(4, "c")), "a history grows in place");
        assertEquals(3, Slot.size(two));
        assertEquals(3, Slot.mainAt(two, 1));
    }

    @Test
    void compactionShrinksAHistoryBackToBytesOrDropsTheKey() {
        Object h = Slot.append(Slot.append(Slot.of(put(2, "a")), put(3, "b")), put(4, "c"));
        Slot.Compacted c = Slot.compact(h, 4);
        assertEquals(List.of(put(2, "a"), put(3, "b")), c.dropped());
        assertInstanceOf(byte[].class, c.remaining().orElseThrow());
        assertEquals("c", Slot.liveLatest(c.remaining().get()).orElseThrow().value().toStringUtf8());

        Object deleted = Slot.append(Slot.of(put(2, "a")), KeyVersion.tombstone(5, 0));
        Slot.Compacted gone = Slot.compact(deleted, 5);
        assertEquals(2, gone.dropped().size());
        assertTrue(gone.remaining().isEmpty());
        assertTrue(Slot.compact(Slot.of(KeyVersion.tombstone(6, 0)), 6).remaining().isEmpty());
        assertEquals(0, Slot.compact(Slot.of(put(7, "x")), 7).dropped().size());
    }
}

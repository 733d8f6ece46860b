package ketch.kv.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import org.junit.jupiter.api.Test;

class PackedVersionTest {
    @Test
    void liveVersionsRoundTripWithEveryFieldWidth() {
        for (KeyVersion v : List.of(
                new KeyVersion(2, 0, 2, 1, Bytes.of("v"), 0, false),
                new KeyVersion(127, 127, 128, 16_384, Bytes.EMPTY, 1, false),
                new KeyVersion(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1, 3, Bytes.of("x".repeat(300)), -7, false),
                new KeyVersion(5, 1, 4, 2, Bytes.copyOf(new byte[] {0, (byte) 0xff, (byte) 0x80}), Long.MIN_VALUE, false))) {
            byte[] p = PackedVersion.pack(v);
            assertEquals(v, PackedVersion.unpack(p));
            assertEquals(v.main(), PackedVersion.main(p));
            assertEquals(v.sub(), PackedVersion.sub(p));
            assertFalse(PackedVersion.tombstone(p));
        }
    }

    @Test
    void tombstonesKeepOnlyTheirRevision() {
        byte[] p = PackedVersion.pack(KeyVersion.tombstone(300, 2));
        assertEquals(KeyVersion.tombstone(300, 2), PackedVersion.unpack(p));
        assertTrue(PackedVersion.tombstone(p));
        assertEquals(1 + 2 + 1, p.length);
    }

    @Test
    void aSmallVersionCostsItsValueAndAFewBytes() {
        byte[] p = PackedVersion.pack(new KeyVersion(1_000_000, 0, 1_000_000, 1, Bytes.copyOf(new byte[256]), 0, false));
        assertEquals(256 + 1 + 3 + 1 + 3 + 1 + 1, p.length);
    }

    @Test
    void historyKeepsOlderVersionsInOrderAndCompactsThem() {
        KeyHistory h = new KeyHistory(new KeyVersion(2, 0, 2, 1, Bytes.of("a"), 0, false));
        for (long rev = 3; rev <= 10; rev++) h.append(new KeyVersion(rev, 0, 2, rev - 1, Bytes.of("v" + rev), 0, false));
        h.append(KeyVersion.tombstone(11, 0));
        assertEquals(10, h.size());
        assertEquals("v6", h.liveAt(6).orElseThrow().value().toStringUtf8());
        assertTrue(h.liveAt(1).isEmpty());
        assertFalse(h.isLiveAt(11));
        assertEquals(4, h.compact(6).size()); // revisions 2..5 go, 6 is still read at 6
        assertEquals(6, h.mainAt(0));
        assertEquals(6, h.compact(11).size()); // 6..10 and the tombstone at 11
        assertTrue(h.isEmpty());
    }
}

package ketch.kv;

import static ketch.kv.Fixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/** Item 4: the command codec round-trips every field and refuses malformed bytes with a clear message. */
class KvCommandCodecTest {
    @Test
    void randomCommandsRoundTrip() {
        RandomCommands commands = new RandomCommands(20261124L);
        for (int i = 0; i < 3000; i++) {
            KvCommand c = commands.next();
            byte[] bytes = KvCommandCodec.encode(c);
            assertEquals(c, KvCommandCodec.decode(bytes), "command #" + i);
        }
    }

    @Test
    void aSmallPutIsCompact() {
        byte[] bytes = KvCommandCodec.encode(new KvCommand.Put(PutRequest.of(b("foo"), b("bar"))));
        // version, tag, len+foo, len+bar, lease varint, flags
        assertEquals(1 + 1 + 4 + 4 + 1 + 1, bytes.length);
        assertEquals(KvCommandCodec.VERSION, bytes[0]);
    }

    @Test
    void everyTruncationIsRejectedWithAnIllegalArgumentException() {
        RandomCommands commands = new RandomCommands(7);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = KvCommandCodec.encode(commands.next());
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] truncated = Arrays.copyOf(bytes, cut);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KvCommandCodec.decode(truncated));
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButIllegalArgument() {
        RandomCommands commands = new RandomCommands(11);
        Random random = new Random(12);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = KvCommandCodec.encode(commands.next());
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                KvCommandCodec.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // a clear rejection is fine; a different decoded command is fine too (no checksum here)
            }
        }
    }

    @Test
    void specificMalformedInputs() {
        assertMessage("unknown kv command version 9, expected 1", new byte[] {9, 1});
        assertMessage("unknown kv command tag 42, expected 1..8, 20 or 21", new byte[] {1, 42});
        byte[] put = KvCommandCodec.encode(new KvCommand.Put(PutRequest.of(b("k"), b("v"))));
        byte[] trailing = Arrays.copyOf(put, put.length + 1);
        assertMessage("kv command: 1 unexpected trailing bytes at offset " + put.length, trailing);
        byte[] badFlags = put.clone();
        badFlags[badFlags.length - 1] = (byte) 0x80;
        assertMessage("unknown bits in put flags: 10000000", badFlags);
        assertMessage("truncated input reading format version at offset 0: needs 1 bytes, 0 left", new byte[0]);
        byte[] hugeLength = {1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KvCommandCodec.decode(hugeLength)).getMessage().contains("put key"));
    }

    @Test
    void deepNestingIsRefused() {
        TxnRequest t = new TxnRequest(List.of(), List.of(), List.of());
        for (int i = 0; i < KvCommandCodec.MAX_TXN_DEPTH; i++) t = new TxnRequest(List.of(), List.of(new RequestOp.Txn(t)), List.of());
        byte[] bytes = KvCommandCodec.encode(new KvCommand.Txn(t));
        assertMessage("txn nested deeper than 64 levels", bytes);
    }

    private static void assertMessage(String expected, byte[] bytes) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> KvCommandCodec.decode(bytes)).getMessage());
    }

    @Test
    void theSizeLimitIsCheckedOnTheEncodedCommand() {
        ketch.api.kv.Limits limits = new ketch.api.kv.Limits(16, 128, 0);
        byte[] small = KvCommandCodec.encode(new KvCommand.Put(PutRequest.of(b("k"), b("v"))));
        RequestValidator.checkSize(small.length, limits);
        byte[] big = KvCommandCodec.encode(new KvCommand.Put(PutRequest.of(b("k"), b("0123456789abcdef"))));
        ketch.api.kv.KvException e = assertThrows(ketch.api.kv.KvException.class, () -> RequestValidator.checkSize(big.length, limits));
        assertEquals("etcdserver: request is too large", e.getMessage());
    }
}

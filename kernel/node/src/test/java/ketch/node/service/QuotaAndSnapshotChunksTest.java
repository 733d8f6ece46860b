package ketch.node.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import ketch.api.Bytes;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SnapshotChunk;
import ketch.api.kv.TxnRequest;
import ketch.kv.KvCommand;
import org.junit.jupiter.api.Test;

/** etcd's quota costs, and the snapshot stream's chunking and digest. */
class QuotaAndSnapshotChunksTest {
    private static RequestOp put(String k, String v) {
        return new RequestOp.Put(PutRequest.of(Bytes.of(k), Bytes.of(v)));
    }

    @Test
    void costsFollowEtcdsQuota() {
        assertEquals(256 + 3 + 5, QuotaGuard.cost(new KvCommand.Put(PutRequest.of(Bytes.of("key"), Bytes.of("value")))));
        assertEquals(64, QuotaGuard.cost(new KvCommand.LeaseGrant(1, 60)));
        assertEquals(0, QuotaGuard.cost(new KvCommand.DeleteRange(new DeleteRangeRequest(Bytes.of("a"), Bytes.EMPTY, false))));
        assertEquals(0, QuotaGuard.cost(new KvCommand.LeaseRevoke(1)));
        RequestOp nested = new RequestOp.Txn(new TxnRequest(List.of(), List.of(put("n", "123456789")), List.of()));
        TxnRequest txn = new TxnRequest(List.of(), List.of(put("a", "1"), put("b", "2"), nested), List.of(put("c", "12345")));
        assertEquals(2 * (256 + 2), QuotaGuard.cost(new KvCommand.Txn(txn)), "the costlier branch, nested txns not charged");
    }

    private static List<SnapshotChunk> chunks(int size) {
        List<SnapshotChunk> out = new ArrayList<>();
        byte[] state = new byte[size];
        for (int i = 0; i < size; i++) state[i] = (byte) i;
        SnapshotChunks it = new SnapshotChunks(state);
        it.forEachRemaining(out::add);
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        return out;
    }

    @Test
    void piecesOf32KiBCountDownThenTheSha256() throws Exception {
        int size = 2 * SnapshotChunks.CHUNK_BYTES + 10;
        List<SnapshotChunk> out = chunks(size);
        assertEquals(4, out.size());
        assertEquals(List.of((long) SnapshotChunks.CHUNK_BYTES + 10, 10L, 0L, 0L), out.stream().map(SnapshotChunk::remainingBytes).toList());
        assertEquals(List.of(SnapshotChunks.CHUNK_BYTES, SnapshotChunks.CHUNK_BYTES, 10, 32), out.stream().map(c -> c.blob().size()).toList());
        byte[] state = new byte[size];
        for (int i = 0; i < size; i++) state[i] = (byte) i;
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(state), out.getLast().blob().toByteArray());
    }

    @Test
    void anExactMultipleHasNoEmptyPiece() {
        List<SnapshotChunk> out = chunks(SnapshotChunks.CHUNK_BYTES);
        assertEquals(2, out.size());
        assertEquals(0, out.getFirst().remainingBytes());
        assertEquals(SnapshotChunks.CHUNK_BYTES, out.getFirst().blob().size());
    }
}

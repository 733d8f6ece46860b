package ketch.tck.transport;

import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.HeartbeatResponse;
import ketch.api.raft.InstallSnapshot;
import ketch.api.raft.Message;
import ketch.api.raft.Propose;
import ketch.api.raft.ReadIndexRequest;
import ketch.api.raft.ReadIndexResponse;
import ketch.api.raft.RequestVote;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.raft.SnapshotResponse;
import ketch.api.raft.TimeoutNow;
import ketch.api.raft.VoteResponse;

/** Messages the suite sends: one of every kind with non-trivial fields, numbered probes, and big ones. */
public final class SampleMessages {
    private SampleMessages() {}

    /** One message of every {@link Message} kind from {@code from} to {@code to}. */
    public static List<Message> everyKind(long from, long to) {
        ConfState conf = new ConfState(List.of(from, to, -3L), List.of(Long.MIN_VALUE + 1), List.of(), List.of());
        SnapshotMetadata meta = new SnapshotMetadata(90, 4, conf);
        List<Entry> entries = List.of(
                Entry.normal(11, 5, Bytes.of("put a=1")),
                new Entry(12, 5, Entry.Type.CONF_CHANGE, Bytes.copyOf(new byte[] {0, 1, 2, (byte) 0xFF})),
                Entry.normal(13, 5, Bytes.EMPTY));
        List<Message> all = List.of(
                new AppendEntries(from, to, 5, 10, 4, entries, 9),
                new AppendEntries(from, to, 5, 13, 5, List.of(), 13),
                new AppendResponse(from, to, 5, 13, false, 0, 0),
                new AppendResponse(from, to, 5, 10, true, 7, 3),
                new RequestVote(from, to, 6, 13, 5, true, false),
                new RequestVote(from, to, 6, 13, 5, false, true),
                new VoteResponse(from, to, 6, true, true),
                new VoteResponse(from, to, 6, false, false),
                new Heartbeat(from, to, 6, 13, 2),
                new HeartbeatResponse(from, to, 6, 2),
                new InstallSnapshot(from, to, 6, meta, 0, Bytes.of("first chunk"), false),
                new InstallSnapshot(from, to, 6, SnapshotMetadata.EMPTY, 11, Bytes.EMPTY, true),
                new SnapshotResponse(from, to, 6, 90, 11, false),
                new TimeoutNow(from, to, 6),
                new Propose(from, to, 0, Entry.Type.NORMAL, List.of(Bytes.of("x"), Bytes.EMPTY)),
                new Propose(from, to, 6, Entry.Type.CONF_CHANGE, List.of()),
                new ReadIndexRequest(from, to, 6, -42),
                new ReadIndexResponse(from, to, 6, -42, 13, true));
        return all;
    }

    /** A numbered probe: a heartbeat whose commit is {@code seq} and read round {@code stream}. */
    public static Message probe(long from, long to, int stream, long seq) {
        return new Heartbeat(from, to, 1, seq, stream);
    }

    /** Probes {@code first}, {@code first + 1}, ... of {@code stream}, {@code count} of them. */
    public static List<Message> probes(long from, long to, int stream, long first, int count) {
        List<Message> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) batch.add(probe(from, to, stream, first + i));
        return batch;
    }

    /** The stream of a probe, or -1 for any other message. */
    public static long stream(Message m) {
        return m instanceof Heartbeat h ? h.readRound() : -1;
    }

    /** The sequence number of a probe. */
    public static long seq(Message m) {
        return ((Heartbeat) m).commit();
    }

    /** An AppendEntries carrying {@code entryCount} entries of {@code entryBytes} patterned bytes each. */
    public static AppendEntries bigAppend(long from, long to, int entryCount, int entryBytes) {
        List<Entry> entries = new ArrayList<>(entryCount);
        for (int i = 0; i < entryCount; i++) entries.add(Entry.normal(100 + i, 7, pattern(entryBytes, i)));
        return new AppendEntries(from, to, 7, 99, 7, entries, 99);
    }

    /** An InstallSnapshot chunk of {@code chunkBytes} patterned bytes. */
    public static InstallSnapshot bigChunk(long from, long to, int chunkBytes) {
        SnapshotMetadata meta = new SnapshotMetadata(5000, 7, ConfState.ofVoters(List.of(from, to)));
        return new InstallSnapshot(from, to, 7, meta, 1L << 32, pattern(chunkBytes, 99), false);
    }

    /** Bytes that differ position to position, so a shifted or truncated copy never compares equal. */
    static Bytes pattern(int size, int salt) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) data[i] = (byte) (i * 31 + salt + (i >>> 8));
        return Bytes.wrap(data);
    }
}

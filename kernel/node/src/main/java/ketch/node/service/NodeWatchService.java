package ketch.node.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import ketch.api.env.Clock;
import ketch.api.kv.Event;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.WatchCreateRequest;
import ketch.api.kv.WatchResponse;
import ketch.api.kv.WatchService;
import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import ketch.kv.watch.WatchHub;
import ketch.kv.watch.WatchRequest;
import ketch.kv.watch.WatchUpdate;
import ketch.node.lanes.Lanes;
import ketch.node.lanes.StateMachineHooks;

/**
 * Watch streams over the kv module's {@link WatchHub}. All hub work happens on the apply lane:
 * applied events are published there, and after each applied batch every ready watcher of an
 * unpaused stream is drained into its stream's sink. Watch ids are per stream, as in etcd; the hub's
 * own ids are mapped to (stream, id). A paused stream's watchers are moved to catch-up from history,
 * so a client that stops reading holds no events here. Watchers created with progress_notify get an
 * empty response at the current revision every progress interval in which they had no events (etcd's
 * progress ticker, driven by the node's clock); fragment splits large responses as etcd does.
 */
public final class NodeWatchService implements WatchService {
    /** Events handed to a sink per poll: bounds one response, the rest follows in the next. */
    private static final int MAX_EVENTS_PER_RESPONSE = 1000;
    /**
     * Key and value bytes per catch-up reply: bounds what one reply to a slow client holds, above
     * etcd's 2 MiB watch limit so a fragmented replay splits where etcd's does.
     */
    private static final long MAX_CATCH_UP_BYTES = 4L * 1024 * 1024;

    /** How watches behave: the hub's buffer bound, etcd's progress interval, the fragment limit. */
    public record Settings(int maxBufferedEvents, Duration progressNotifyInterval, long maxRequestBytes) {
        public Settings {
            if (maxBufferedEvents < 1) throw new IllegalArgumentException("maxBufferedEvents " + maxBufferedEvents + " must be at least 1");
            if (progressNotifyInterval.isNegative() || progressNotifyInterval.isZero()) {
                throw new IllegalArgumentException("progressNotifyInterval " + progressNotifyInterval + " must be positive");
            }
        }
    }

    private final Lanes lanes;
    private final LongSupplier clusterId; // the replicated one once known (a joining member learns it)
    private final long memberId;
    private final LongSupplier term;
    private final Clock clock;
    private final Settings settings;
    private final long fragmentLimitBytes;
    // apply-lane state
    private WatchHub hub;
    private final Map<Long, Binding> byHubId = new HashMap<>();
    private final Set<Stream> progressStreams = new LinkedHashSet<>();
    private ResponseHeader lastHeader;

    private record Binding(Stream stream, long watchId, Watch watch) {}

    /** One watch of a stream: its hub id and the per-watch choices etcd keeps in the stream. */
    private static final class Watch {
        final long hubId;
        final boolean progressNotify;
        final boolean fragment;
        boolean progressDue = true; // etcd: cleared when events went out, set again at every tick

        Watch(long hubId, boolean progressNotify, boolean fragment) {
            this.hubId = hubId;
            this.progressNotify = progressNotify;
            this.fragment = fragment;
        }
    }

    public NodeWatchService(Lanes lanes, LongSupplier clusterId, long memberId, LongSupplier term, Clock clock, Settings settings) {
        this.lanes = lanes;
        this.clusterId = clusterId;
        this.memberId = memberId;
        this.term = term;
        this.clock = clock;
        this.settings = settings;
        this.fragmentLimitBytes = settings.maxRequestBytes() + WatchFragments.GRPC_OVERHEAD_BYTES;
    }

    /** The hooks that keep the hub in step with the state machine. */
    public StateMachineHooks hooks() {
        return new StateMachineHooks() {
            @Override
            public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {
                if (!result.events().isEmpty()) hub.publish(result.events());
            }

            @Override
            public void batchApplied(KvStateMachine kv) {
                deliver(kv);
                notifyProgress(kv);
            }

            @Override
            public void replaced(KvStateMachine kv) {
                // A new state machine (a leader's snapshot): the old watchers' history is gone.
                for (Binding b : new ArrayList<>(byHubId.values())) {
                    b.stream.send(canceled(kv, b.watchId, kv.compactRevision(), ""));
                    b.stream.watches.remove(b.watchId);
                }
                byHubId.clear();
                hub = new WatchHub(kv, settings.maxBufferedEvents());
            }

            @Override
            public void idle(KvStateMachine kv) {
                deliver(kv); // watchers created in the past catch up even when nothing is written
                notifyProgress(kv);
            }
        };
    }

    @Override
    public WatchStream open(Consumer<WatchResponse> sink) {
        return new Stream(sink, clock.nanoTime() + settings.progressNotifyInterval().toNanos());
    }

    private void deliver(KvStateMachine kv) {
        if (hub == null || byHubId.isEmpty()) return;
        for (long hubId : hub.ready()) {
            Binding b = byHubId.get(hubId);
            if (b == null) continue;
            if (b.stream.paused) {
                hub.moveToCatchUp(hubId); // its client does not read: keep a revision, not events
                continue;
            }
            for (WatchUpdate update : hub.poll(hubId, MAX_EVENTS_PER_RESPONSE, MAX_CATCH_UP_BYTES)) {
                switch (update) {
                    case WatchUpdate.Events ev -> sendEvents(b, header(ev.revision()), ev.events());
                    case WatchUpdate.Canceled c -> {
                        byHubId.remove(hubId);
                        b.stream.watches.remove(b.watchId);
                        // etcd's answer for a compacted start revision carries no header revision
                        b.stream.send(new WatchResponse(header(0), b.watchId, false, true, c.compactRevision(), "", false, List.of()));
                    }
                }
            }
        }
    }

    private void sendEvents(Binding b, ResponseHeader header, List<Event> events) {
        b.watch.progressDue = false;
        if (!b.watch.fragment) {
            b.stream.send(new WatchResponse(header, b.watchId, false, false, 0, "", false, events));
            return;
        }
        List<List<Event>> parts = WatchFragments.split(header, b.watchId, events, fragmentLimitBytes);
        for (int i = 0; i < parts.size(); i++) {
            b.stream.send(new WatchResponse(header, b.watchId, false, false, 0, "", i < parts.size() - 1, parts.get(i)));
        }
    }

    /** etcd's progress ticker, per stream: idle, synced progress_notify watchers hear the current revision. */
    private void notifyProgress(KvStateMachine kv) {
        if (progressStreams.isEmpty()) return;
        long now = clock.nanoTime();
        long interval = settings.progressNotifyInterval().toNanos();
        for (Stream s : progressStreams) {
            if (now - s.nextProgressNanos < 0) continue;
            s.nextProgressNanos = now + interval;
            for (Map.Entry<Long, Watch> e : s.watches.entrySet()) {
                Watch w = e.getValue();
                if (!w.progressNotify) continue;
                if (w.progressDue && !s.paused && hub.isSynced(w.hubId)) {
                    s.send(new WatchResponse(header(kv.revision()), e.getKey(), false, false, 0, "", false, List.of()));
                }
                w.progressDue = true;
            }
        }
    }

    /** The same instance for every response of a revision, so the front end encodes it once. */
    private ResponseHeader header(long revision) {
        long t = term.getAsLong();
        ResponseHeader last = lastHeader;
        long cluster = clusterId.getAsLong();
        if (last == null || last.revision() != revision || last.raftTerm() != t || last.clusterId() != cluster) {
            last = new ResponseHeader(cluster, memberId, revision, t);
            lastHeader = last;
        }
        return last;
    }

    private WatchResponse canceled(KvStateMachine kv, long watchId, long compactRevision, String reason) {
        return new WatchResponse(header(kv.revision()), watchId, false, true, compactRevision, reason, false, List.of());
    }

    /** One client stream; its maps are touched only on the apply lane. */
    private final class Stream implements WatchStream {
        private final Consumer<WatchResponse> sink;
        private final TreeMap<Long, Watch> watches = new TreeMap<>(); // stream watch id -> its watch
        private long nextAutoId;
        private long nextProgressNanos;
        private volatile boolean paused;
        private boolean closed;

        Stream(Consumer<WatchResponse> sink, long firstProgressNanos) {
            this.sink = sink;
            this.nextProgressNanos = firstProgressNanos;
        }

        void send(WatchResponse response) {
            if (!closed) sink.accept(response);
        }

        @Override
        public void create(WatchCreateRequest r) {
            lanes.onStateMachine(kv -> {
                if (closed) return;
                long id = r.watchId();
                if (id != 0 && watches.containsKey(id)) { // etcd: refused with the invalid watch id -1
                    send(new WatchResponse(header(kv.revision()), -1, true, true, 0, "mvcc: duplicate watch ID provided on the WatchStream",
                            false, List.of()));
                    return;
                }
                if (id == 0) id = nextFreeId();
                long hubId = hub.create(new WatchRequest(r.key(), r.rangeEnd(), r.startRevision(), r.noPut(), r.noDelete(), r.prevKv()));
                Watch watch = new Watch(hubId, r.progressNotify(), r.fragment());
                watches.put(id, watch);
                byHubId.put(hubId, new Binding(this, id, watch));
                if (watch.progressNotify) progressStreams.add(this);
                send(new WatchResponse(header(kv.revision()), id, true, false, 0, "", false, List.of()));
                // a watch from a past revision replays at the next batch or idle turn (within ~50 ms), as etcd's
                // unsynced watchers catch up at its next sync (every 100 ms), not inside the create
            });
        }

        /** etcd's rule: a counter that skips ids in use and never hands out an id twice on a stream. */
        private long nextFreeId() {
            while (watches.containsKey(nextAutoId)) nextAutoId++;
            return nextAutoId++;
        }

        @Override
        public void cancel(long watchId) {
            lanes.onStateMachine(kv -> {
                Watch watch = watches.remove(watchId);
                if (watch == null) return;
                hub.cancel(watch.hubId);
                byHubId.remove(watch.hubId);
                send(canceled(kv, watchId, 0, ""));
            });
        }

        @Override
        public void requestProgress() {
            // etcd 3.4 answers at once with the stream's revision and the invalid watch id -1
            lanes.onStateMachine(kv -> send(new WatchResponse(header(kv.revision()), -1, false, false, 0, "", false, List.of())));
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
            lanes.onStateMachine(NodeWatchService.this::deliver);
        }

        @Override
        public void close() {
            lanes.onStateMachine(kv -> {
                closed = true;
                for (Watch watch : watches.values()) {
                    hub.cancel(watch.hubId);
                    byHubId.remove(watch.hubId);
                }
                watches.clear();
                progressStreams.remove(this);
            });
        }
    }
}

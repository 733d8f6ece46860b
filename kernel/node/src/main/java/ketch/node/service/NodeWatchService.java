package ketch.node.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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
 * own ids are mapped to (stream, id). A paused stream's watchers fall back to catch-up from history.
 */
public final class NodeWatchService implements WatchService {
    /** Events handed to a sink per poll: bounds one response, the rest follows in the next. */
    private static final int MAX_EVENTS_PER_RESPONSE = 1000;

    private final Lanes lanes;
    private final long clusterId;
    private final long memberId;
    private final LongSupplier term;
    private final int maxBufferedEvents;
    // apply-lane state
    private WatchHub hub;
    private final Map<Long, Binding> byHubId = new HashMap<>();

    private record Binding(Stream stream, long watchId) {}

    public NodeWatchService(Lanes lanes, long clusterId, long memberId, LongSupplier term, int maxBufferedEvents) {
        this.lanes = lanes;
        this.clusterId = clusterId;
        this.memberId = memberId;
        this.term = term;
        this.maxBufferedEvents = maxBufferedEvents;
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
            }

            @Override
            public void replaced(KvStateMachine kv) {
                // A new state machine (a leader's snapshot): the old watchers' history is gone.
                for (Map.Entry<Long, Binding> e : new ArrayList<>(byHubId.entrySet())) {
                    Binding b = e.getValue();
                    b.stream.send(canceled(kv, b.watchId, kv.compactRevision(), ""));
                    b.stream.watches.remove(b.watchId);
                }
                byHubId.clear();
                hub = new WatchHub(kv, maxBufferedEvents);
            }

            @Override
            public void idle(KvStateMachine kv) {
                deliver(kv); // watchers created in the past catch up even when nothing is written
            }
        };
    }

    @Override
    public WatchStream open(Consumer<WatchResponse> sink) {
        return new Stream(sink);
    }

    private void deliver(KvStateMachine kv) {
        if (hub == null || byHubId.isEmpty()) return;
        for (long hubId : hub.ready()) {
            Binding b = byHubId.get(hubId);
            if (b == null || b.stream.paused) continue;
            for (WatchUpdate update : hub.poll(hubId, MAX_EVENTS_PER_RESPONSE)) {
                switch (update) {
                    case WatchUpdate.Events ev -> b.stream.send(new WatchResponse(header(ev.revision()), b.watchId, false, false, 0, "",
                            false, ev.events()));
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

    private ResponseHeader header(long revision) {
        return new ResponseHeader(clusterId, memberId, revision, term.getAsLong());
    }

    private WatchResponse canceled(KvStateMachine kv, long watchId, long compactRevision, String reason) {
        return new WatchResponse(header(kv.revision()), watchId, false, true, compactRevision, reason, false, List.of());
    }

    /** One client stream; its maps are touched only on the apply lane. */
    private final class Stream implements WatchStream {
        private final Consumer<WatchResponse> sink;
        private final TreeMap<Long, Long> watches = new TreeMap<>(); // stream watch id -> hub id
        private long nextAutoId;
        private volatile boolean paused;
        private boolean closed;

        Stream(Consumer<WatchResponse> sink) {
            this.sink = sink;
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
                watches.put(id, hubId);
                byHubId.put(hubId, new Binding(this, id));
                send(new WatchResponse(header(kv.revision()), id, true, false, 0, "", false, List.of()));
                deliver(kv); // a watch from a past revision starts replaying at once
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
                Long hubId = watches.remove(watchId);
                if (hubId == null) return;
                hub.cancel(hubId);
                byHubId.remove(hubId);
                send(canceled(kv, watchId, 0, ""));
            });
        }

        @Override
        public void requestProgress() {
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
                for (long hubId : watches.values()) {
                    hub.cancel(hubId);
                    byHubId.remove(hubId);
                }
                watches.clear();
            });
        }
    }
}

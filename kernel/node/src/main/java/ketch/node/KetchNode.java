package ketch.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.env.Clock;
import ketch.api.env.RandomSource;
import ketch.api.kv.KvException;
import ketch.api.raft.ConfState;
import ketch.api.raft.Message;
import ketch.api.spi.FrontEnd;
import ketch.api.spi.FrontEndProvider;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.kv.KvStateMachine;
import ketch.node.cluster.ClusterIdentity;
import ketch.node.cluster.ClusterIdTracker;
import ketch.node.cluster.AttributePublisher;
import ketch.node.cluster.MemberIds;
import ketch.node.cluster.PeerReconciler;
import ketch.node.config.ClusterState;
import ketch.node.config.ConfigException;
import ketch.node.config.NodeConfig;
import ketch.node.backend.BackendStartup;
import ketch.node.config.SectionConfig;
import ketch.node.frontend.NodeFrontEndContext;
import ketch.node.lanes.Lanes;
import ketch.node.plugin.PluginCatalog;
import ketch.node.lanes.StateMachineHooks;
import ketch.node.service.LeaseKeeper;
import ketch.node.service.NodeClusterService;
import ketch.node.service.NodeKvService;
import ketch.node.service.NodeLeaseService;
import ketch.node.service.NodeWatchService;
import ketch.node.service.Proposer;
import ketch.node.service.QuotaGuard;
import ketch.node.service.PendingRequests;
import ketch.node.service.ProposalEnvelopeFactory;
import ketch.node.snapshot.SnapshotFiles;
import ketch.raft.RaftConfig;
import ketch.raft.RaftNode;
import ketch.raft.RaftStorage;

/**
 * One running member: its data directory, log store, Raft group, lanes, transport and front ends,
 * assembled from a {@link NodeConfig} and the installed plugins. {@link #start} returns once
 * clients can connect; {@link #close} stops everything in reverse order.
 */
public final class KetchNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KetchNode.class.getName());
    private static final int MAX_QUEUED_PROPOSALS = 100_000;
    /** Events a watcher may have waiting before it is moved to catch-up from history. */
    private static final int MAX_BUFFERED_WATCH_EVENTS = 10_000;
    /** How long a removed member's link stays open, so Raft's farewell (its removal's commit) reaches it. */
    private static final long PEER_REMOVAL_DELAY_MILLIS = 2_000;
    /** How long a single member ticks fast to elect itself after start (restart re-applies the log first). */
    private static final Duration FAST_ELECTION_LIMIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PendingRequests pending = new PendingRequests();
    private ClusterIdentity identity;
    private Lanes lanes;
    private NodeKvService kvService;
    private NodeFrontEndContext context;
    private AttributePublisher publisher;
    private volatile Throwable failure;

    private KetchNode() {}

    /** Starts a member; on failure everything opened so far is closed again and the cause thrown. */
    public static KetchNode start(NodeConfig config, PluginCatalog plugins, Clock clock) {
        KetchNode node = new KetchNode();
        try {
            node.open(config, plugins, clock);
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private void open(NodeConfig config, PluginCatalog plugins, Clock clock) {
        // Resolve every plugin first: a typo in node.yaml stops the node before anything is touched.
        LogStoreProvider logStoreProvider = plugins.logStore(config.logStore());
        TransportProvider transportProvider = plugins.transport(config.transport());
        List<FrontEndProvider> frontEndProviders = new ArrayList<>();
        List<SectionConfig> frontEndSections = new ArrayList<>();
        if (config.frontEnds().isEmpty()) {
            for (FrontEndProvider p : plugins.allFrontEnds()) {
                frontEndProviders.add(p);
                frontEndSections.add(SectionConfig.ofType("front-ends", p.type(), "default"));
            }
        } else {
            for (SectionConfig section : config.frontEnds()) {
                frontEndProviders.add(plugins.frontEnd(section));
                frontEndSections.add(section);
            }
        }
        var backendProvider = plugins.backend(config.backend(), BackendStartup.NODE_KEYS);
        if (!logStoreProvider.durable()) {
            throw ConfigException.at(config.logStore().origin(), "log-store type '" + logStoreProvider.type()
                    + "' cannot make writes durable (no fsync); choose a durable store");
        }
        config.warnings().forEach(LOG::warning);

        Path memberDir = config.dataDir().resolve("member");
        lockDataDir(config.dataDir());
        identity = ClusterIdentity.establish(memberDir, config);
        boolean fresh = !Files.exists(memberDir.resolve("log"));
        if (fresh && config.initialClusterState() == ClusterState.EXISTING && identity.members().size() == 1) {
            throw new ConfigException("initial-cluster-state is 'existing' but " + config.dataDir() + " is empty and initial-cluster lists only this member");
        }
        LOG.info("member " + MemberIds.hex(identity.memberId()) + " ('" + identity.name() + "') of cluster "
                + MemberIds.hex(identity.clusterId()) + ", data in " + config.dataDir().toAbsolutePath());

        LogStore store = logStoreProvider.create(config.logStore(), new LogStoreProvider.Context(memberDir.resolve("log")));
        resources.add(store);
        SnapshotFiles snapshots = new SnapshotFiles(memberDir.resolve("snap"));

        BackendStartup.Started state = BackendStartup.open(backendProvider, config.backend(), memberDir, snapshots,
                identity.clusterId(), identity.memberId(), config.limits(), clock);
        resources.add(state.persistence()); // the lanes close it too, in order; a second close is a no-op
        KvStateMachine kv = state.kv();
        if (state.appliedIndex() < store.firstIndex() - 1) {
            throw new IllegalStateException("the state machine restarts at index " + state.appliedIndex() + " but the log was compacted up to "
                    + (store.firstIndex() - 1) + ": entries in between are lost; restore this member from a snapshot");
        }

        RaftConfig raftConfig = RaftConfig.defaults(identity.memberId())
                .withTicks(config.electionTicks(), 1)
                .withPreVote(config.preVote());
        SecureRandom seeds = new SecureRandom();
        RaftNode raft = new RaftNode(raftConfig, RaftStorage.of(store), RandomSource.seeded(seeds.nextLong()), new ketch.node.snapshot.SnapshotFileSource(snapshots));
        if (store.lastIndex() == 0 && store.hardState().term() == 0 && config.initialClusterState() == ClusterState.NEW) {
            raft.bootstrap(ConfState.ofVoters(List.copyOf(identity.members().keySet())), bootstrapContexts(identity));
        }

        Transport transport = transportProvider.create(config.transport(),
                new TransportProvider.Context(identity.memberId(), config.listenPeerUrls(), config.limits().maxRequestBytes() + 1024 * 1024,
                        peerClusterId(config, kv), config.peerTls()));
        resources.add(transport);
        identity.peerUrls().forEach((id, urls) -> {
            if (id != identity.memberId()) transport.addPeer(id, urls);
        });

        long incarnation = seeds.nextLong();
        lanes = new Lanes(raft, store, transport, kv, config.limits(), state.appliedIndex(), state.appliedTerm(), identity.memberId(), incarnation, snapshots, pending,
                clock, new Lanes.Settings(config.heartbeatInterval(), config.snapshotCount(), config.snapshotCatchupEntries(), MAX_QUEUED_PROPOSALS),
                this::fail, state.persistence());
        resources.add(lanes);

        Duration requestTimeout = Duration.ofSeconds(5).plus(config.electionTimeout().multipliedBy(2)); // etcd's
        Proposer proposer = new Proposer(lanes, pending, new ProposalEnvelopeFactory(identity.memberId(), incarnation), config.limits(),
                clock, requestTimeout.toNanos());
        QuotaGuard quota = new QuotaGuard(config.limits().quotaBackendBytes(), identity.memberId());
        quota.proposer(proposer);
        kvService = new NodeKvService(lanes, proposer, quota);
        ClusterIdTracker clusterIds = new ClusterIdTracker(memberDir, identity, kv);
        NodeWatchService watchService = new NodeWatchService(lanes, clusterIds, identity.memberId(), lanes::term, clock,
                new NodeWatchService.Settings(MAX_BUFFERED_WATCH_EVENTS, config.watchProgressNotifyInterval(), config.limits().maxRequestBytes()));
        LeaseKeeper leaseKeeper = new LeaseKeeper(clock, () -> lanes.role() == ketch.raft.Role.LEADER,
                id -> proposer.propose(new ketch.kv.KvCommand.LeaseRevoke(id), Object.class), config.electionTimeout().toNanos());
        long minLeaseTtl = (config.electionTimeout().toMillis() * 3 / 2 + 999) / 1000; // etcd: ceil(1.5 x election timeout)
        NodeLeaseService leaseService = new NodeLeaseService(lanes, proposer, quota, leaseKeeper, minLeaseTtl, clusterIds, identity.memberId());
        NodeClusterService clusterService = new NodeClusterService(lanes, proposer, identity, config.advertiseClientUrls(), requestTimeout,
                config.initialClusterToken(), clusterIds);
        PeerReconciler peers = new PeerReconciler(identity.memberId(), transport, identity.peerUrls(),
                () -> fail(new IllegalStateException(PeerReconciler.REMOVED)),
                removal -> java.util.concurrent.CompletableFuture.delayedExecutor(PEER_REMOVAL_DELAY_MILLIS,
                        java.util.concurrent.TimeUnit.MILLISECONDS).execute(removal));
        lanes.hooks(StateMachineHooks.all(List.of(watchService.hooks(), leaseKeeper, quota, peers, clusterIds)));

        transport.start(new Transport.Inbound() {
            @Override
            public void receive(Message message) {
                lanes.receive(message);
            }

            @Override
            public void unreachable(long peerId) {
                lanes.unreachable(peerId);
            }
        });
        lanes.start();
        publisher = new AttributePublisher(lanes, proposer, identity.memberId(), config.name(), config.advertiseClientUrls());
        resources.add(publisher);
        publisher.start();
        if (identity.members().size() == 1) {
            // alone: campaign as soon as the log is re-applied rather than an election timeout later
            lanes.fastForwardElection((int) (FAST_ELECTION_LIMIT.toMillis() / Lanes.FAST_TICK_MILLIS));
        }

        context = new NodeFrontEndContext(kvService, watchService, leaseService, clusterService,
                config.listenClientUrls(), config.limits());
        resources.add(context);
        for (int i = 0; i < frontEndProviders.size(); i++) {
            FrontEnd frontEnd = frontEndProviders.get(i).create(frontEndSections.get(i), context);
            resources.add(frontEnd);
            frontEnd.start();
            LOG.info("front end '" + frontEndProviders.get(i).type() + "' serving on " + config.listenClientUrls());
        }
        LOG.info("ready to serve client requests");
    }

    /** Each founding member's name, peer URLs and the cluster id, identical on every founding member. */
    private static java.util.Map<Long, ketch.api.Bytes> bootstrapContexts(ClusterIdentity identity) {
        java.util.Map<Long, ketch.api.Bytes> contexts = new java.util.TreeMap<>();
        identity.members().forEach((id, name) -> contexts.put(id, new ketch.node.service.ProposalEnvelope(0, 0, 0,
                ketch.kv.members.MemberCodec.encodeAttributes(new ketch.kv.members.MemberAttributes(name, identity.peerUrls().get(id),
                        identity.clusterId()))).encode()));
        return contexts;
    }

    private void lockDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by another node in this same JVM
            }
            if (lock == null) {
                channel.close();
                throw new ConfigException("data-dir " + dataDir.toAbsolutePath() + " is in use by another Ketch process");
            }
            resources.add(channel); // closing the channel releases the lock
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data-dir " + dataDir.toAbsolutePath(), e);
        }
    }

    private void fail(Throwable cause) {
        failure = cause;
        LOG.log(Level.SEVERE, "stopping: a lane failed", cause);
        Thread.ofPlatform().name("ketch-stop").start(this::close);
    }

    public ClusterIdentity identity() {
        return identity;
    }

    /** The key-value service, for embedding Ketch in a Java program (front ends get the same one). */
    public ketch.api.kv.KvService kv() {
        return kvService;
    }

    public ketch.api.kv.WatchService watch() {
        return context.watch();
    }

    public ketch.api.kv.LeaseService lease() {
        return context.lease();
    }

    public ketch.api.kv.ClusterService cluster() {
        return context.cluster();
    }

    /** Entries applied to the state machine since start, not counting those the restored state held (tests, metrics). */
    public long appliedSinceStart() {
        return lanes.appliedSinceStart();
    }

    /** Completes once this member's name and client URLs are in the applied member table (etcd's publish). */
    public java.util.concurrent.CompletableFuture<Void> published() {
        return publisher.published();
    }

    /** Raft's view of this member: term, leader, role. */
    public ketch.raft.Role role() {
        return lanes.role();
    }

    /** Blocks until the node has been closed; returns the failure that stopped it, if any. */
    public java.util.Optional<Throwable> awaitStop() throws InterruptedException {
        stopped.await();
        return java.util.Optional.ofNullable(failure);
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) return;
        pending.failAll(KvException.stopped());
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + resources.get(i).getClass().getSimpleName() + " failed", e);
            }
        }
        resources.clear();
        stopped.countDown();
    }

    /**
     * The cluster id peers must announce: the replicated one once the restored state holds it. A
     * member that joined with initial-cluster-state existing and has no state yet computed its id
     * from a member list the cluster never had, so it announces and checks nothing (0, "unknown")
     * until a restart after it has applied the leader's state.
     */
    private long peerClusterId(NodeConfig config, KvStateMachine kv) {
        if (kv.replicatedClusterId().isPresent()) return kv.replicatedClusterId().getAsLong();
        return config.initialClusterState() == ClusterState.EXISTING ? 0 : identity.clusterId();
    }
}

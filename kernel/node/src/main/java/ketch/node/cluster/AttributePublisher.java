package ketch.node.cluster;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.kv.KvCommand;
import ketch.node.lanes.Lanes;
import ketch.node.service.Proposer;

/**
 * etcd's publish: once this member is in the applied member table, replicate its name and client
 * URLs so every member lists them. Retries until the table shows them (a leader may be missing,
 * a joining member may still be catching up), then stops.
 */
public final class AttributePublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AttributePublisher.class.getName());
    private static final long RETRY_MILLIS = 500;

    private enum Step { DONE, WAIT, PUBLISH }

    private final Lanes lanes;
    private final Proposer proposer;
    private final long self;
    private final String name;
    private final List<URI> clientUrls;
    private final java.util.concurrent.CompletableFuture<Void> published = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean closed;
    private Thread thread;

    public AttributePublisher(Lanes lanes, Proposer proposer, long self, String name, List<URI> clientUrls) {
        this.lanes = lanes;
        this.proposer = proposer;
        this.self = self;
        this.name = name;
        this.clientUrls = List.copyOf(clientUrls);
    }

    public synchronized void start() {
        thread = Thread.ofVirtual().name("ketch-publish").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                Step step = lanes.query(kv -> {
                    if (kv.isRemoved(self)) return Step.DONE;
                    Member me = kv.member(self).orElse(null);
                    if (me == null) return Step.WAIT;
                    return me.name().equals(name) && me.clientUrls().equals(clientUrls) ? Step.DONE : Step.PUBLISH;
                }).get(5, TimeUnit.SECONDS);
                switch (step) {
                    case DONE -> {
                        LOG.fine("published name '" + name + "' and client URLs " + clientUrls);
                        published.complete(null);
                        return;
                    }
                    case PUBLISH -> proposer.propose(new KvCommand.MemberPublish(self, name, clientUrls), MemberListResponse.class)
                            .get(30, TimeUnit.SECONDS);
                    case WAIT -> Thread.sleep(RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.fine(() -> "publishing this member's attributes failed (" + e + "); retrying");
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Completes once the applied member table shows this member's name and client URLs (or its removal). */
    public java.util.concurrent.CompletableFuture<Void> published() {
        return published;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}

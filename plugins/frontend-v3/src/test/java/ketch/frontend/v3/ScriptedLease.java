package ketch.frontend.v3;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.LeaseKeepAliveResponse;
import ketch.api.kv.LeaseLeasesResponse;
import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseService;
import ketch.api.kv.LeaseTimeToLiveResponse;

/**
 * A LeaseService double: records each call as text ({@code "keepAlive 5"}) and answers with the
 * next scripted answer (a response or a Throwable), completing on its own thread as the node does.
 */
final class ScriptedLease implements LeaseService, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "scripted-lease"));
    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();

    synchronized ScriptedLease answer(Object answer) {
        answers.add(answer);
        return this;
    }

    synchronized int unusedAnswers() {
        return answers.size();
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> CompletableFuture<T> next(String call) {
        calls.add(call);
        Object answer = answers.poll();
        if (answer == null) {
            throw new AssertionError("unexpected call: " + call);
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        thread.execute(() -> {
            if (answer instanceof Throwable failure) {
                future.completeExceptionally(failure);
            } else {
                future.complete((T) answer);
            }
        });
        return future;
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> grant(LeaseGrantRequest request) {
        return next("grant " + request.ttl() + " " + request.id());
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> revoke(long id) {
        return next("revoke " + id);
    }

    @Override
    public CompletableFuture<LeaseKeepAliveResponse> keepAlive(long id) {
        return next("keepAlive " + id);
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> timeToLive(long id, boolean keys) {
        return next("timeToLive " + id + " " + keys);
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leases() {
        return next("leases");
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

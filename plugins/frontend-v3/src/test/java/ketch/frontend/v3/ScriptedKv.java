package ketch.frontend.v3;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KvService;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;

/**
 * A KvService double: records each request and answers with the next scripted answer (a
 * response, a Throwable to fail the future with, or {@link #NEVER}), completing on its own thread
 * as the real service does. Not a key-value store.
 */
final class ScriptedKv implements KvService, AutoCloseable {
    /** An answer that never comes. */
    static final Object NEVER = new Object();
    /** Throw from the call itself instead of failing the future. */
    record Throws(RuntimeException exception) {}

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "scripted-kv"));
    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<Object> requests = new ArrayList<>();

    synchronized ScriptedKv answer(Object answer) {
        answers.add(answer);
        return this;
    }

    synchronized int unusedAnswers() {
        return answers.size();
    }

    synchronized List<Object> requests() {
        return List.copyOf(requests);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> CompletableFuture<T> next(Object request) {
        requests.add(request);
        Object answer = answers.poll();
        if (answer == null) {
            throw new AssertionError("unexpected call: " + request);
        }
        if (answer instanceof Throws t) {
            throw t.exception();
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        if (answer == NEVER) {
            return future;
        }
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
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return next(request);
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return next(request);
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return next(request);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return next(request);
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return next(request);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

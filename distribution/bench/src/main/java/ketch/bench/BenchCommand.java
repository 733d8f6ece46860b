package ketch.bench;

import java.util.Optional;

/** One sub-command of the tool with its flags, as etcd's benchmark names them. */
sealed interface BenchCommand {

    /** {@code put}: writes of key-size/val-size to keys drawn from key-space-size. */
    record Put(int total, int keySize, int valSize, int keySpaceSize, boolean sequentialKeys, int rate)
            implements BenchCommand {}

    /** {@code range KEY [END]}: reads, linearizable or serializable. */
    record Range(String key, Optional<String> end, boolean linearizable, int total, int rate, long limit,
                 boolean countOnly) implements BenchCommand {}

    /** {@code txn-put}: txns of txn-ops puts on distinct keys of the key space. */
    record TxnPut(int total, int keySize, int valSize, int keySpaceSize, int txnOps, int rate)
            implements BenchCommand {}

    /** {@code watch}: streams x watch-per-stream watchers on watched-key-total keys, then put-total puts. */
    record Watch(int streams, int watchPerStream, int watchedKeyTotal, int putTotal, int putRate, int keySize,
                 boolean sequentialKeys) implements BenchCommand {}

    /** {@code watch-latency}: every watcher on one key; each put waits until all watchers saw it. */
    record WatchLatency(int putTotal, int putRate, int streams, int watchersPerStream, int keySize, int valSize)
            implements BenchCommand {}

    /** {@code lease-keepalive}: one lease per client, then keep-alive requests. */
    record LeaseKeepalive(int total) implements BenchCommand {}
}

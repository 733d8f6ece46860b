package ketch.api.kv;

/**
 * The request limits in force, named as etcd names their flags: {@code max-request-bytes}
 * (1.5 MiB), {@code max-txn-ops} (128), {@code quota-backend-bytes} (2 GiB).
 */
public record Limits(long maxRequestBytes, int maxTxnOps, long quotaBackendBytes) {
    public static final Limits DEFAULTS = new Limits(1536 * 1024, 128, 2L * 1024 * 1024 * 1024);
}

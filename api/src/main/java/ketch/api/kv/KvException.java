package ketch.api.kv;

/**
 * A client-visible failure with etcd's status code and message, e.g.
 * {@code (OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted")}.
 * The constants below are the messages etcd uses, so every module words them identically.
 */
public final class KvException extends RuntimeException {
    private final StatusCode code;

    public KvException(StatusCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public StatusCode code() {
        return code;
    }

    public static KvException keyNotProvided() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: key is not provided");
    }

    public static KvException compacted() {
        return new KvException(StatusCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
    }

    public static KvException futureRevision() {
        return new KvException(StatusCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
    }

    public static KvException requestTooLarge() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: request is too large");
    }

    public static KvException tooManyOps() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
    }

    public static KvException duplicateKey() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
    }

    public static KvException noLeader() {
        return new KvException(StatusCode.UNAVAILABLE, "etcdserver: no leader");
    }

    public static KvException tooManyRequests() {
        return new KvException(StatusCode.RESOURCE_EXHAUSTED, "etcdserver: too many requests");
    }

    public static KvException stopped() {
        return new KvException(StatusCode.UNAVAILABLE, "etcdserver: server stopped");
    }

    public static KvException keyNotFound() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: key not found");
    }

    public static KvException valueProvided() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: value is provided");
    }

    public static KvException leaseProvided() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: lease is provided");
    }

    public static KvException leaseNotFound() {
        return new KvException(StatusCode.NOT_FOUND, "etcdserver: requested lease not found");
    }

    public static KvException leaseExists() {
        return new KvException(StatusCode.FAILED_PRECONDITION, "etcdserver: lease already exists");
    }

    public static KvException leaseTtlTooLarge() {
        return new KvException(StatusCode.OUT_OF_RANGE, "etcdserver: too large lease TTL");
    }

    /** A write refused while the NOSPACE alarm is raised (or that would exceed the quota). */
    public static KvException noSpace() {
        return new KvException(StatusCode.RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded");
    }

    /** Any change refused while the CORRUPT alarm is raised. */
    public static KvException corrupt() {
        return new KvException(StatusCode.DATA_LOSS, "etcdserver: corrupt cluster");
    }
}

package ketch.frontend.v3;

/** Decoded requests of the lease and maintenance endpoints that the api has no record for. */
final class ServiceRequests {
    private ServiceRequests() {}

    /** etcd's LeaseTimeToLiveRequest. */
    record TimeToLive(long id, boolean keys) {}

    /** etcd's AlarmRequest as decoded: the enums as the numbers sent, checked by the gateway. */
    record Alarm(int action, long memberId, int alarm) {}
}

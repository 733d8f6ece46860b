package ketch.frontend.v3;

/** Decoded requests of the lease, cluster and maintenance endpoints that the api has no record for. */
final class ServiceRequests {
    private ServiceRequests() {}

    /** etcd's LeaseTimeToLiveRequest. */
    record TimeToLive(long id, boolean keys) {}

    /** etcd's MemberAddRequest; the URLs as sent, checked by the node. */
    record MemberAdd(java.util.List<String> peerUrls, boolean learner) {}

    /** etcd's MemberUpdateRequest. */
    record MemberUpdate(long id, java.util.List<String> peerUrls) {}

    /** etcd's AlarmRequest as decoded: the enums as the numbers sent, checked by the gateway. */
    record Alarm(int action, long memberId, int alarm) {}
}

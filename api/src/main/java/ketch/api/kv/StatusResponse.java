package ketch.api.kv;

import java.util.List;

/** etcd's StatusResponse (maintenance). */
public record StatusResponse(ResponseHeader header, String version, long dbSize, long leader, long raftIndex, long raftTerm,
        long raftAppliedIndex, List<String> errors, long dbSizeInUse, boolean learner) {
    public StatusResponse {
        errors = List.copyOf(errors);
    }
}

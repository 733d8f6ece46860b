package ketch.api.kv;

import java.util.List;

/** etcd's MemberListResponse. */
public record MemberListResponse(ResponseHeader header, List<Member> members) {
    public MemberListResponse {
        members = List.copyOf(members);
    }
}

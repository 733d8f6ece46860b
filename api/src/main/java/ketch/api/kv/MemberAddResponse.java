package ketch.api.kv;

import java.util.List;
import java.util.Objects;

/** etcd's MemberAddResponse: the member added (no name or client URLs until it starts) and every member after the change. */
public record MemberAddResponse(ResponseHeader header, Member member, List<Member> members) {
    public MemberAddResponse {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(member, "member");
        members = List.copyOf(members);
    }
}

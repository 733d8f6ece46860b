package ketch.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ids etcd 3.4.23 computed for the same URLs and tokens (captured in shared/reference/etcd-api.md §5). */
class MemberIdsTest {
    @Test
    void singleMemberMatchesEtcd() {
        long member = MemberIds.memberId(List.of(URI.create("http://127.0.0.1:24380")), "research2");
        assertEquals("9709844288984188488", Long.toUnsignedString(member));
        assertEquals("3994620532002051807", Long.toUnsignedString(MemberIds.clusterId(List.of(member))));
    }

    @Test
    void threeMemberClusterMatchesEtcd() {
        long s1 = MemberIds.memberId(List.of(URI.create("http://127.0.0.1:24412")), "static-research");
        long s2 = MemberIds.memberId(List.of(URI.create("http://127.0.0.1:24422")), "static-research");
        long s3 = MemberIds.memberId(List.of(URI.create("http://127.0.0.1:24432")), "static-research");
        assertEquals(List.of("58db93b815a4dcd", "1989d04783e05b6d", "eb63536eee676a69"),
                List.of(MemberIds.hex(s1), MemberIds.hex(s2), MemberIds.hex(s3)).stream().sorted((a, b) ->
                        Long.compareUnsigned(Long.parseUnsignedLong(a, 16), Long.parseUnsignedLong(b, 16))).toList());
        assertEquals("aa010071d0e5e81", MemberIds.hex(MemberIds.clusterId(List.of(s3, s1, s2))));
    }
}

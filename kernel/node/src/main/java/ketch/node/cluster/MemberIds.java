package ketch.node.cluster;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Member and cluster ids computed exactly as etcd computes them, so a Ketch member has the id an
 * etcd member with the same peer URLs and token would have.
 */
public final class MemberIds {
    private MemberIds() {}

    /** First 8 bytes, big-endian, of sha1(sorted peer URLs joined + token). */
    public static long memberId(List<URI> peerUrls, String clusterToken) {
        StringBuilder b = new StringBuilder();
        peerUrls.stream().map(URI::toString).sorted().forEach(b::append);
        b.append(clusterToken);
        return first8(sha1(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** First 8 bytes of sha1 over the member ids (8 bytes big-endian each) sorted ascending as unsigned. */
    public static long clusterId(Collection<Long> memberIds) {
        List<Long> sorted = memberIds.stream().sorted(Long::compareUnsigned).toList();
        ByteBuffer buf = ByteBuffer.allocate(8 * sorted.size());
        for (long id : sorted) buf.putLong(id);
        return first8(sha1(buf.array()));
    }

    /** etcd's hex spelling of an id (lower case, no padding), as v2 and etcdctl show it. */
    public static String hex(long id) {
        return Long.toHexString(id);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }

    private static long first8(byte[] digest) {
        return ByteBuffer.wrap(digest, 0, 8).getLong();
    }
}

package ketch.kv.members;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a configuration-change entry tells every member about the member it changes: its name,
 * peer URLs and, in bootstrap entries, the cluster id (0 otherwise). {@link MemberCodec} encodes it.
 */
public record MemberAttributes(String name, List<URI> peerUrls, long clusterId) {
    public static final MemberAttributes NONE = new MemberAttributes("", List.of(), 0);

    public MemberAttributes {
        Objects.requireNonNull(name, "name");
        peerUrls = List.copyOf(peerUrls);
    }
}

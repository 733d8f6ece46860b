package ketch.api.kv;

import java.net.URI;
import java.util.List;

/** etcd's Member; {@code name} and client URLs are empty for a member that has not started yet. */
public record Member(long id, String name, List<URI> peerUrls, List<URI> clientUrls, boolean learner) {
    public Member {
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }
}

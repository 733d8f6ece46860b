package ketch.kv.members;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A committed single-server configuration change with the member's attributes from the entry's
 * context: the node turns each applied CONF_CHANGE entry into one of these.
 *
 * @param name the member's name when the change was made (empty for a member added at runtime,
 *     which publishes its name when it starts)
 * @param clusterId the cluster's id, carried by the bootstrap entries (0 when not carried)
 */
public record MembershipChange(Kind kind, long memberId, String name, List<URI> peerUrls, long clusterId) {
    public enum Kind {
        /** Adds a voter, or promotes a learner. */
        ADD_VOTER,
        /** Adds a learner, or demotes a voter. */
        ADD_LEARNER,
        /** Removes a voter or learner. */
        REMOVE
    }

    public MembershipChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        peerUrls = List.copyOf(peerUrls);
    }
}

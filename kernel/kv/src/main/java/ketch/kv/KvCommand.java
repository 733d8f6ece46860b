package ketch.kv;

import java.util.Objects;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.TxnRequest;

/**
 * A write the node replicates through Raft and then applies with {@link KvStateMachine#apply}.
 * Everything a command needs is inside it (lease ids and TTLs are chosen by the leader), so apply
 * is deterministic. {@link KvCommandCodec} turns it into entry bytes.
 */
public sealed interface KvCommand {
    record Put(PutRequest request) implements KvCommand {
        public Put {
            Objects.requireNonNull(request, "request");
        }
    }

    record DeleteRange(DeleteRangeRequest request) implements KvCommand {
        public DeleteRange {
            Objects.requireNonNull(request, "request");
        }
    }

    record Txn(TxnRequest request) implements KvCommand {
        public Txn {
            Objects.requireNonNull(request, "request");
        }
    }

    record Compact(CompactionRequest request) implements KvCommand {
        public Compact {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Grants lease {@code id} (never 0: the leader picks one) for {@code ttl} seconds. */
    record LeaseGrant(long id, long ttl) implements KvCommand {}

    /** Revokes lease {@code id} and deletes its keys: the client's revoke, or the leader's expiry. */
    record LeaseRevoke(long id) implements KvCommand {}

    /** Records the leader's remaining TTL of lease {@code id}, so a new leader continues from it. */
    record LeaseCheckpoint(long id, long remainingTtl) implements KvCommand {}

    /** A started member's name and client URLs, replicated so every member lists them (etcd's publish). */
    record MemberPublish(long id, String name, java.util.List<java.net.URI> clientUrls) implements KvCommand {
        public MemberPublish {
            Objects.requireNonNull(name, "name");
            clientUrls = java.util.List.copyOf(clientUrls);
        }
    }

    /** New peer URLs for member {@code id} (etcd's member update). */
    record MemberUpdate(long id, java.util.List<java.net.URI> peerUrls) implements KvCommand {
        public MemberUpdate {
            peerUrls = java.util.List.copyOf(peerUrls);
        }
    }

    /**
     * Raises ({@code activate}) or clears an alarm for a member: etcd's AlarmRequest ACTIVATE and
     * DEACTIVATE, and the quota's NOSPACE. A member id of 0 with type NONE is refused at apply.
     */
    record Alarm(boolean activate, AlarmMember alarm) implements KvCommand {
        public Alarm {
            Objects.requireNonNull(alarm, "alarm");
        }
    }
}

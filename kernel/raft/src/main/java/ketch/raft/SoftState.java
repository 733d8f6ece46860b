package ketch.raft;

import java.util.Objects;

/** Volatile state worth reporting when it changes: who leads (0 = unknown) and this member's role. */
public record SoftState(long leaderId, Role role) {
    public SoftState {
        Objects.requireNonNull(role, "role");
    }
}

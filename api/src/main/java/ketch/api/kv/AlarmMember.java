package ketch.api.kv;

import java.util.Objects;

/** One raised alarm: the member (uint64) it was raised for and its type. */
public record AlarmMember(long memberId, AlarmType alarm) {
    public AlarmMember {
        Objects.requireNonNull(alarm, "alarm");
    }
}

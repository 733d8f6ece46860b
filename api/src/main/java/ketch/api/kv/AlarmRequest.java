package ketch.api.kv;

import java.util.Objects;

/**
 * etcd's AlarmRequest: GET lists the raised alarms of type {@code alarm} (NONE = every type);
 * ACTIVATE and DEACTIVATE raise or clear {@code alarm} for member {@code memberId}.
 */
public record AlarmRequest(Action action, long memberId, AlarmType alarm) {
    /** etcd's AlarmRequest.AlarmAction, in proto order. */
    public enum Action { GET, ACTIVATE, DEACTIVATE }

    public AlarmRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(alarm, "alarm");
    }

    public static AlarmRequest get() {
        return new AlarmRequest(Action.GET, 0, AlarmType.NONE);
    }
}

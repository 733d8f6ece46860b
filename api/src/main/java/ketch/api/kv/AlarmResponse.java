package ketch.api.kv;

import java.util.List;

/**
 * etcd's AlarmResponse (3.4 sends no header): for GET the raised alarms of the asked type; for
 * ACTIVATE/DEACTIVATE the alarm that was raised or cleared, or nothing if it was not raised.
 */
public record AlarmResponse(List<AlarmMember> alarms) {
    public AlarmResponse {
        alarms = List.copyOf(alarms);
    }
}

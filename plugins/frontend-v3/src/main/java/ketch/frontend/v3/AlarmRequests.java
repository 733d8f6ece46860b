package ketch.frontend.v3;

import java.util.Optional;
import ketch.api.kv.AlarmRequest;
import ketch.api.kv.AlarmType;
import ketch.api.kv.KvException;
import ketch.api.kv.StatusCode;

/**
 * Turns a decoded AlarmRequest into the api's, refusing what etcd 3.4 cannot serve (it crashes on
 * an unknown action, and stores an alarm type it has no name for) with code 3 and a message
 * naming the value. A GET for a type with no name matches no alarm: empty, as etcd answers.
 */
final class AlarmRequests {
    private AlarmRequests() {}

    /** The request to serve, or empty when the answer is known to be no alarms. */
    static Optional<AlarmRequest> check(ServiceRequests.Alarm alarm) {
        AlarmRequest.Action[] actions = AlarmRequest.Action.values();
        if (alarm.action() < 0 || alarm.action() >= actions.length) {
            throw new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: unknown alarm action " + alarm.action()
                    + ", expected GET (0), ACTIVATE (1) or DEACTIVATE (2)");
        }
        AlarmRequest.Action action = actions[alarm.action()];
        AlarmType[] types = AlarmType.values();
        if (alarm.alarm() < 0 || alarm.alarm() >= types.length) {
            if (action == AlarmRequest.Action.GET) return Optional.empty();
            throw new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: unknown alarm type " + alarm.alarm()
                    + ", expected NONE (0), NOSPACE (1) or CORRUPT (2)");
        }
        return Optional.of(new AlarmRequest(action, alarm.memberId(), types[alarm.alarm()]));
    }
}

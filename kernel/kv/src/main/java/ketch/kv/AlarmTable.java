package ketch.kv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmType;

/**
 * The raised alarms, replicated state like the keyspace. Ordered by member id (unsigned) then
 * type, so listings and snapshots are deterministic (etcd lists them in Go map order).
 */
final class AlarmTable {
    private static final Comparator<AlarmMember> ORDER = Comparator
            .<AlarmMember>comparingLong(a -> a.memberId() ^ Long.MIN_VALUE)
            .thenComparing(AlarmMember::alarm);

    private final TreeSet<AlarmMember> raised = new TreeSet<>(ORDER);

    /** Raises {@code alarm}; returns it (also when it was already raised, as etcd answers). */
    AlarmMember activate(AlarmMember alarm) {
        raised.add(alarm);
        return alarm;
    }

    /** Clears {@code alarm}; returns it if it was raised. */
    Optional<AlarmMember> deactivate(AlarmMember alarm) {
        return raised.remove(alarm) ? Optional.of(alarm) : Optional.empty();
    }

    /** The raised alarms of {@code type}, or all of them for NONE (etcd's GET filter). */
    List<AlarmMember> list(AlarmType type) {
        List<AlarmMember> out = new ArrayList<>();
        for (AlarmMember a : raised) {
            if (type == AlarmType.NONE || a.alarm() == type) out.add(a);
        }
        return out;
    }

    boolean isRaised(AlarmType type) {
        for (AlarmMember a : raised) {
            if (a.alarm() == type) return true;
        }
        return false;
    }
}

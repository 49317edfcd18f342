package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One incident, one call (DOMAIN.md rule 15): a press from a citizen whose call of the same kind is still open joins
 * that call instead of opening another. Presses are matched by citizen (a pendant and a fall sensor of one citizen
 * are one incident), by account when the device is bound to nobody. A fire joins an open fire; an emergency, or an
 * event not understood (treated as one), joins an open emergency.
 */
public final class Incidents {
    private Incidents() {
    }

    /** The open call {@code arrived} joins, if any: the oldest open call of the same citizen (or account) and kind. */
    public static Optional<Alarm> openCallJoined(Alarm arrived, String citizenId, List<Alarm> open) {
        return open.stream()
                .filter(a -> a.id() != arrived.id() && a.isCall() && a.status().isOpen())
                .filter(a -> citizenId != null ? Objects.equals(citizenId, a.citizenId())
                        : a.citizenId() == null && a.account().equalsIgnoreCase(arrived.account()))
                .filter(a -> family(a.category()) == family(arrived.category()))
                .filter(a -> a.routing().incidentAlarmId() == null)
                .min(Comparator.comparingLong(Alarm::id));
    }

    /** The newest open call of the same citizen (or account), of any kind: what a device's cancel hints at. */
    public static Optional<Alarm> openCallOf(Alarm arrived, String citizenId, List<Alarm> open) {
        return open.stream()
                .filter(a -> a.id() != arrived.id() && a.isCall() && a.status().isOpen())
                .filter(a -> citizenId != null ? Objects.equals(citizenId, a.citizenId())
                        : a.account().equalsIgnoreCase(arrived.account()))
                .max(Comparator.comparingLong(Alarm::id));
    }

    private static int family(EventCategory c) {
        return c == EventCategory.FIRE ? 1 : 0;
    }
}

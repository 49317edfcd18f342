package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.scaip.ScaipMapping;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which open condition a device's restore event restores (DOMAIN.md rule 13): the same event family and the same
 * zone of the same account. SIA DC-03 pairs an alarm or trouble code with its restore codes (a battery restoral
 * {@code YR} restores {@code YT}/{@code YM}, a mains restoral {@code AR} restores {@code AT}); Contact ID restores
 * an event by sending the same code with qualifier 3; SCAIP (qualifier {@value #SCAIP_QUALIFIER}, the zone being the
 * device id {@code did}) pairs its status codes as {@link ScaipMapping#restores} says. Nothing else matches: a battery
 * restore never matches a personal emergency.
 */
public final class Restores {
    /** SIA restore code → the alarm and trouble codes it restores. */
    private static final Map<String, Set<String>> SIA = Map.ofEntries(
            Map.entry("QH", Set.of("QA")), Map.entry("QR", Set.of("QA")),
            Map.entry("MH", Set.of("MA")), Map.entry("MR", Set.of("MA")),
            Map.entry("PH", Set.of("PA")), Map.entry("PR", Set.of("PA")),
            Map.entry("HH", Set.of("HA")), Map.entry("HR", Set.of("HA")),
            Map.entry("FH", Set.of("FA")), Map.entry("FR", Set.of("FA", "FT")),
            Map.entry("FJ", Set.of("FT")),
            Map.entry("KH", Set.of("KA")), Map.entry("KR", Set.of("KA")),
            Map.entry("GH", Set.of("GA")), Map.entry("GR", Set.of("GA")),
            Map.entry("YR", Set.of("YT", "YM")),
            Map.entry("XR", Set.of("XT")),
            Map.entry("AR", Set.of("AT")),
            Map.entry("TR", Set.of("TA")),
            Map.entry("YK", Set.of("YC", "YS")),
            Map.entry("UJ", Set.of("UT")), Map.entry("UR", Set.of("UA", "UT")));

    /** The event qualifier SCAIP alarms are stored with: their codes are SCAIP status codes. */
    public static final String SCAIP_QUALIFIER = "S";

    private Restores() {
    }

    /** Whether {@code restore} (a RESTORE event) restores the condition {@code condition} reported. */
    public static boolean restores(Alarm restore, Alarm condition) {
        if (restore.category() != EventCategory.RESTORE || condition.category() == EventCategory.RESTORE
                || !restore.account().equalsIgnoreCase(condition.account())
                || !sameZone(restore.zone(), condition.zone())) {
            return false;
        }
        String code = upper(restore.eventCode());
        String target = upper(condition.eventCode());
        boolean scaipRestore = SCAIP_QUALIFIER.equals(restore.eventQualifier());
        if (scaipRestore || SCAIP_QUALIFIER.equals(condition.eventQualifier())) {
            return scaipRestore && SCAIP_QUALIFIER.equals(condition.eventQualifier())
                    && ScaipMapping.restores(code, target, condition.category());
        }
        if ("3".equals(restore.eventQualifier())) {
            return "1".equals(condition.eventQualifier()) && code.equals(target);
        }
        return SIA.getOrDefault(code, Set.of()).contains(target);
    }

    /** The newest open alarm among {@code open} that {@code restore} restores. */
    public static Optional<Alarm> restoredBy(Alarm restore, List<Alarm> open) {
        return open.stream().filter(a -> a.id() != restore.id() && a.status().isOpen() && restores(restore, a))
                .max(Comparator.comparingLong(Alarm::id));
    }

    /** Zones compare as numbers where both are numbers ("001" is zone 1), else as text; none matches none. */
    static boolean sameZone(String a, String b) {
        String x = a == null ? "" : a.strip();
        String y = b == null ? "" : b.strip();
        if (x.matches("[0-9]+") && y.matches("[0-9]+")) {
            return x.replaceFirst("^0+(?=.)", "").equals(y.replaceFirst("^0+(?=.)", ""));
        }
        return x.equalsIgnoreCase(y);
    }

    private static String upper(String s) {
        return s == null ? "" : s.strip().toUpperCase(java.util.Locale.ROOT);
    }
}

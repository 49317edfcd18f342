package dk.vagtcentral.protocol.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One event from a data block.
 *
 * @param format      SIA DC or Contact ID
 * @param code        "FA", "QA"... for SIA; "100", "602"... for Contact ID
 * @param qualifier   Contact ID qualifier ('1' new event, '3' restore, '6' status), or 'N' for SIA
 * @param zone        zone or user number as sent ("" when none)
 * @param partition   Contact ID group/partition, SIA area ("ri"), "" when none
 * @param category    what the event means for dispatch
 * @param description short English description of the code
 * @param text        ASCII text the panel sent with the event (zone name, description), "" when none; clipped
 *                    to {@link EventData#MAX_TEXT} with {@link TextBounds#MARKER}
 * @param modifiers   the SIA modifiers in effect for this event, in the order they were sent (empty for Contact ID)
 */
public record AlarmEvent(EventFormat format, String code, char qualifier, String zone, String partition,
                         EventCategory category, String description, String text, List<SiaModifier> modifiers) {

    public AlarmEvent {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(text, "text");
        modifiers = List.copyOf(modifiers);
    }

    /** The value of a modifier ("id", "ti"...) in effect for this event. */
    public Optional<String> modifier(String name) {
        return modifiers.stream().filter(m -> m.name().equals(name)).map(SiaModifier::value).findFirst();
    }

    /** A compact rendering such as "FA129" or "1100-01-015". */
    public String compact() {
        return format == EventFormat.SIA_DCS
                ? code + zone
                : qualifier + code + "-" + partition + "-" + zone;
    }
}

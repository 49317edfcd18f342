package dk.vagtcentral.protocol.event;

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
 */
public record AlarmEvent(EventFormat format, String code, char qualifier, String zone, String partition,
                         EventCategory category, String description) {

    /** A compact rendering such as "FA129" or "1100-01-015". */
    public String compact() {
        return format == EventFormat.SIA_DCS
                ? code + zone
                : qualifier + code + "-" + partition + "-" + zone;
    }
}

package dk.vagtcentral.protocol.dc09;

/**
 * What an extended data block ({@code [Xvalue]} after the data block) carries, by its first letter, as ANSI/SIA
 * DC-09:2013 and DC-09:2021 define them.
 */
public enum ExtendedDataType {
    AUTHENTICATION_HASH('A', "authentication hash of the message"),
    SUPERVISION_CATEGORY('C', "number of paths and link supervision category"),
    TIME_OF_OCCURRENCE('H', "time the event occurred (may differ from the message time)"),
    ALARM_TEXT('I', "alarm text describing or commenting on the event"),
    NETWORK_PATH('J', "manufacturer's identifier of the path used"),
    ENCRYPTION_KEY('K', "encryption key exchange from the receiver to the equipment"),
    LOCATION('L', "location of the event on the site"),
    MAC_ADDRESS('M', "MAC address of the equipment"),
    NETWORK_ADDRESS('N', "hardware network address of the path used"),
    BUILDING_NAME('O', "building name"),
    PROGRAMMING('P', "programming or other interactive message for the receiver"),
    ROOM('R', "room of the event"),
    SITE_NAME('S', "site name of the premises"),
    ALARM_TRIGGER('T', "what triggered the event"),
    VERIFICATION('V', "where audio or video verifying the event can be fetched"),
    LONGITUDE('X', "longitude of the event"),
    LATITUDE('Y', "latitude of the event"),
    ALTITUDE('Z', "altitude of the event"),
    /** A letter neither standard defines; the block is still kept verbatim. */
    UNKNOWN('?', "extended data of a kind this receiver does not know");

    private final char letter;
    private final String description;

    ExtendedDataType(char letter, String description) {
        this.letter = letter;
        this.description = description;
    }

    public char letter() {
        return letter;
    }

    public String description() {
        return description;
    }

    public static ExtendedDataType of(char letter) {
        for (ExtendedDataType t : values()) {
            if (t.letter == letter && t != UNKNOWN) {
                return t;
            }
        }
        return UNKNOWN;
    }
}

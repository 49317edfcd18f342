package dk.vagtcentral.protocol.dc09;

import java.util.Set;

/** The message ids ("tokens") this codec knows; an encrypted message carries them with a leading '*'. */
public final class Dc09Ids {
    public static final String SIA_DCS = "SIA-DCS";
    public static final String ADM_CID = "ADM-CID";
    public static final String NULL = "NULL";
    public static final String ACK = "ACK";
    public static final String NAK = "NAK";
    public static final String DUH = "DUH";

    /** Ids a receiver accepts from premises equipment. */
    public static final Set<String> EVENT_IDS = Set.of(SIA_DCS, ADM_CID, NULL);
    public static final Set<String> REPLY_IDS = Set.of(ACK, NAK, DUH);

    private Dc09Ids() {
    }
}

package dk.vagtcentral.protocol.event;

/** The event-code language of a data block. */
public enum EventFormat {
    /** SIA DC-03 two-letter codes, DC-09 id "SIA-DCS". */
    SIA_DCS,
    /** Ademco Contact ID, DC-09 id "ADM-CID". */
    CONTACT_ID
}

package dk.vagtcentral.server.domain;

/**
 * How a call ended, as the person closing it records it (with free text beside it). Some outcomes are events the
 * contracts make the supplier report to the municipality at once (003 Odder §4.2 "dødsfald, indlæggelse ... større
 * uheld eller ulykker"; 004 Horsens §4.4 a locked door must be investigated): a profile's
 * {@link RuleProfile#reportableOutcomes()} lists them, and closing with one raises a supervisor notice.
 * A call closes with what happened to the citizen; a technical notice or an information signal (not a call) with a
 * technical outcome ({@link #forCall()} false).
 */
public enum CloseOutcome {
    /** Helped; the citizen was not hurt. */
    NO_INJURY("ingen skade"),
    /** The citizen had fallen and was helped up without injury. */
    FALL_WITHOUT_INJURY("fald uden skade"),
    /** The citizen was injured (an accident). */
    INJURED("tilskadekomst"),
    /** The citizen was admitted to hospital. */
    ADMITTED("indlagt"),
    /** Nothing was wrong: pressed by mistake, a faulty device. */
    FALSE_ALARM("fejlalarm"),
    /** The door was locked and the responder could not get in. */
    NO_ACCESS("låst dør / ingen adgang"),
    /** The citizen was not at home. */
    NOT_HOME("borger ikke hjemme"),
    /** The citizen was found dead. */
    DECEASED("død"),
    /** A technical notice: the fault was mended (battery changed, device reset, mains back). */
    DEVICE_FIXED("fejl udbedret", false),
    /** A technical notice: contact with the device is back (a no-contact notice). */
    CONTACT_RESTORED("forbindelse genoprettet", false),
    /** A technical notice: nothing was wrong with the device. */
    NO_FAULT_FOUND("ingen fejl fundet", false),
    /** An information signal (or a notice needing nothing done): seen and noted. */
    NOTED("taget til efterretning", false);

    private final String danish;
    private final boolean forCall;

    CloseOutcome(String danish) {
        this(danish, true);
    }

    CloseOutcome(String danish, boolean forCall) {
        this.danish = danish;
        this.forCall = forCall;
    }

    /** Whether this is a call's outcome (what happened to the citizen), else a technical notice's. */
    public boolean forCall() {
        return forCall;
    }

    /** The outcomes of a call ({@code forCall}) or of a technical notice, as a list for a message. */
    public static String names(boolean forCall) {
        return java.util.Arrays.stream(values()).filter(o -> o.forCall == forCall).map(Enum::name).toList().toString();
    }

    /** The Danish term, for the desk and the docs. */
    public String danish() {
        return danish;
    }
}

package dk.vagtcentral.server.domain;

/**
 * How a call ended, as the person closing it records it (with free text beside it). Some outcomes are events the
 * contracts make the supplier report to the municipality at once (003 Odder §4.2 "dødsfald, indlæggelse ... større
 * uheld eller ulykker"; 004 Horsens §4.4 a locked door must be investigated): a profile's
 * {@link RuleProfile#reportableOutcomes()} lists them, and closing with one raises a supervisor notice.
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
    DECEASED("død");

    private final String danish;

    CloseOutcome(String danish) {
        this.danish = danish;
    }

    /** The Danish term, for the desk and the docs. */
    public String danish() {
        return danish;
    }
}

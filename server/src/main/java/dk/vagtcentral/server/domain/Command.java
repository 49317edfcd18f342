package dk.vagtcentral.server.domain;

/**
 * Something a person, a device or the escalation timer wants to do to an alarm; {@link AlarmLifecycle#apply}
 * accepts or refuses it. Every command names its actor ({@code desk:<user>}, {@code worker:<id>},
 * {@code device:<account>}, {@code system:escalation}).
 */
public sealed interface Command permits Command.Notify, Command.Renotify, Command.Acknowledge, Command.Respond,
        Command.OnSite, Command.Close, Command.Cancel, Command.Forward, Command.Note, Command.Restore {

    String actor();

    /** The kind of command, as the transition table knows it; null only for a Forward without a target. */
    Kind kind();

    /** Command kinds; a forward is one kind per target, since the targets have different rules. */
    enum Kind {
        NOTIFY, RENOTIFY, ACKNOWLEDGE, RESPOND, ON_SITE, CLOSE, CANCEL, FORWARD_MUNICIPAL, FORWARD_FIRE, NOTE,
        RESTORE;

        /**
         * Whether a person may give this command (the others are the server's and devices' own). A person's
         * re-notification (the desk rings the call's worker again) names no escalation step.
         */
        public boolean byPerson() {
            return this != NOTIFY && this != RESTORE;
        }
    }

    /** The holder's desk and worker have been told (dispatch, after routing). RECEIVED → NOTIFIED. */
    record Notify(String actor, String detail) implements Command {
        public Kind kind() {
            return Kind.NOTIFY;
        }
    }

    /**
     * Someone is told again (e.g. the backup worker by an escalation step); the state does not change.
     *
     * @param workerId         who was re-notified, or null when not known
     * @param escalationStepId the ladder step that did it, or null for a manual re-notification
     */
    record Renotify(String actor, String workerId, String detail, String escalationStepId) implements Command {
        public Kind kind() {
            return Kind.RENOTIFY;
        }

        public Renotify withWorker(String worker) {
            return new Renotify(actor, worker, detail, escalationStepId);
        }
    }

    /** A desk or worker of the current holder takes the alarm. */
    record Acknowledge(String actor) implements Command {
        public Kind kind() {
            return Kind.ACKNOWLEDGE;
        }
    }

    /**
     * The holder answers the call. From an unacknowledged state this implies acknowledging it.
     *
     * @param workerId the worker sent; required for HELP_SENT
     */
    record Respond(String actor, ResponseKind response, String workerId) implements Command {
        public Kind kind() {
            return Kind.RESPOND;
        }
    }

    /** The worker sent is with the citizen. */
    record OnSite(String actor) implements Command {
        public Kind kind() {
            return Kind.ON_SITE;
        }
    }

    /**
     * The call is done: how it ended ({@link CloseOutcome}, required) and a free-text note (optional).
     */
    record Close(String actor, CloseOutcome outcome, String note) implements Command {
        public Kind kind() {
            return Kind.CLOSE;
        }
    }

    /** Cancelled by a person (a false alarm confirmed with the citizen ...); the reason is required. */
    record Cancel(String actor, String reason) implements Command {
        public Kind kind() {
            return Kind.CANCEL;
        }
    }

    /**
     * The call is forwarded (viderestillet) because it is not answered.
     *
     * @param late             the escalation that forwards fired later than its tolerance after its due time
     * @param escalationStepId the ladder step that forwards, or null for a dispatcher's manual forward
     */
    record Forward(String actor, ForwardTarget target, String reason, boolean late, String escalationStepId)
            implements Command {

        /** A dispatcher's manual forward. */
        public Forward(String actor, ForwardTarget target, String reason) {
            this(actor, target, reason, false, null);
        }

        public Kind kind() {
            if (target == null) {
                return null;
            }
            return target == ForwardTarget.MUNICIPAL_HOME_CARE ? Kind.FORWARD_MUNICIPAL : Kind.FORWARD_FIRE;
        }
    }

    /** A device's restore closes the technical condition it restores (never a call: rule 13). */
    record Restore(String actor, String detail) implements Command {
        public Kind kind() {
            return Kind.RESTORE;
        }
    }

    /** A remark on the timeline; allowed in every state, also after close. */
    record Note(String actor, String text) implements Command {
        public Kind kind() {
            return Kind.NOTE;
        }
    }
}

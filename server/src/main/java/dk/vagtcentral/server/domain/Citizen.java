package dk.vagtcentral.server.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A citizen (borger) with an installed alarm, and what the people who help need to know: the card on the desk.
 *
 * @param id             a pseudonymous id; never the CPR number
 * @param keyNote        how the responder gets in (key box, system key per the municipality's key instruction); may be
 *                       null
 * @param status         PAUSED (absent, e.g. in hospital) does not stop routing: an alarm from the home is always
 *                       answered
 * @param phone          the citizen's own phone, or null
 * @param language       the language to speak, a language tag ({@code da}, {@code de}, {@code tr}), or null
 * @param medicalNote    what a responder must know about the citizen's health, or null
 * @param practicalNote  how to get about the home (a dog, hard of hearing ...), or null
 * @param keyBoxLocation where the key box is, or null
 * @param keyBoxCode     the key box's code, or null: shown only on request, to the holder's staff of an open call,
 *                       each showing recorded (the key instruction, 003 Odder bilag 4); never in a list, a push, a
 *                       history snapshot or a log; an empty string in a change means "remove it"
 * @param contacts       relatives and others to call
 */
public record Citizen(String id, String municipalityId, String name, String address, String keyNote,
                      Status status, String phone, String language, String medicalNote, String practicalNote,
                      String keyBoxLocation, String keyBoxCode, List<Contact> contacts) {

    public static final int MAX_NOTE = 2000;
    public static final int MAX_CONTACTS = 10;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z#*-]{1,20}");

    /** Whether the citizen's services run (fravær = PAUSED). */
    public enum Status {
        ACTIVE, PAUSED
    }

    /** Someone to call about the citizen: a relative, a neighbour, a guardian. */
    public record Contact(String name, String relation, String phone) {
    }

    public Citizen {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    /** A citizen with the routing facts only (no card details). */
    public Citizen(String id, String municipalityId, String name, String address, String keyNote, Status status) {
        this(id, municipalityId, name, address, keyNote, status, null, null, null, null, null, null, List.of());
    }

    /** This citizen with another key-box code (null: none). */
    public Citizen withKeyBoxCode(String code) {
        return new Citizen(id, municipalityId, name, address, keyNote, status, phone, language, medicalNote,
                practicalNote, keyBoxLocation, code, contacts);
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.notCpr(errors, "id", id);
        Checks.text(errors, "municipalityId", municipalityId);
        Checks.text(errors, "name", name);
        Checks.text(errors, "address", address);
        Checks.present(errors, "status", status);
        if (phone != null && !PhoneNumber.isValid(phone)) {
            errors.add(new FieldError("phone", PhoneNumber.EXPECTED));
        }
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language tag, e.g. da, de, tr"));
        }
        Checks.optionalText(errors, "medicalNote", medicalNote, MAX_NOTE);
        Checks.optionalText(errors, "practicalNote", practicalNote, MAX_NOTE);
        Checks.optionalText(errors, "keyBoxLocation", keyBoxLocation, 500);
        if (keyBoxCode != null && !keyBoxCode.isEmpty() && !CODE.matcher(keyBoxCode).matches()) {
            errors.add(new FieldError("keyBoxCode", "must be 1-20 characters: digits, letters, #, * or -"));
        }
        if (contacts.size() > MAX_CONTACTS) {
            errors.add(new FieldError("contacts", "at most " + MAX_CONTACTS + " contacts"));
        }
        for (int i = 0; i < contacts.size(); i++) {
            Contact c = contacts.get(i);
            String at = "contacts[" + i + "].";
            if (c.name() == null || c.name().isBlank() || c.name().length() > 200) {
                errors.add(new FieldError(at + "name", "is required: 1-200 characters"));
            }
            Checks.optionalText(errors, at + "relation", c.relation(), 100);
            if (c.phone() == null || !PhoneNumber.isValid(c.phone())) {
                errors.add(new FieldError(at + "phone", PhoneNumber.EXPECTED));
            }
        }
        return errors;
    }
}

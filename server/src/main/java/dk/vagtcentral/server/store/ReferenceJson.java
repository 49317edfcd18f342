package dk.vagtcentral.server.store;

import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The JSON form of the reference-data records: the history snapshots and the admin API's bodies use the same
 * field names as the record components. A device binding has no id of its own in the domain; it is given here.
 */
public final class ReferenceJson {

    private ReferenceJson() {
    }

    public static JsonObject municipality(Municipality m) {
        return new JsonObject().put("id", m.id()).put("name", m.name()).put("profileId", m.profileId());
    }

    public static JsonObject supplier(Supplier s) {
        return new JsonObject().put("id", s.id()).put("municipalityId", s.municipalityId()).put("name", s.name())
                .put("kind", s.kind() == null ? null : s.kind().name()).put("webhookUrl", s.webhookUrl())
                .put("phone", s.phone()).put("contactPerson", s.contactPerson())
                .put("suspendedAt", text(s.suspendedAt())).put("suspensionReason", s.suspensionReason())
                .put("scaipVoiceCallsDesk", s.scaipVoiceCallsDesk());
    }

    /**
     * A citizen as the admin API and the history show it. The key-box code is never shown here (only whether one is on
     * record): it is given out one call at a time, and each showing is recorded (the desk's key-code request).
     */
    public static JsonObject citizen(Citizen c) {
        return new JsonObject().put("id", c.id()).put("municipalityId", c.municipalityId()).put("name", c.name())
                .put("address", c.address()).put("keyNote", c.keyNote())
                .put("status", c.status() == null ? null : c.status().name())
                .put("phone", c.phone()).put("language", c.language()).put("medicalNote", c.medicalNote())
                .put("practicalNote", c.practicalNote()).put("keyBoxLocation", c.keyBoxLocation())
                .put("keyBoxCodeSet", c.keyBoxCode() != null).put("contacts", contacts(c.contacts()));
    }

    public static JsonArray contacts(List<Citizen.Contact> contacts) {
        JsonArray out = new JsonArray();
        for (Citizen.Contact c : contacts) {
            out.add(new JsonObject().put("name", c.name()).put("relation", c.relation()).put("phone", c.phone()));
        }
        return out;
    }

    /** The contacts column (a JSON array, or null for none). */
    public static List<Citizen.Contact> contactsOf(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<Citizen.Contact> out = new ArrayList<>();
        for (Object o : new JsonArray(json)) {
            JsonObject c = (JsonObject) o;
            out.add(new Citizen.Contact(c.getString("name"), c.getString("relation"), c.getString("phone")));
        }
        return out;
    }

    public static JsonObject binding(String id, DeviceBinding b) {
        return new JsonObject().put("id", id).put("account", b.account()).put("citizenId", b.citizenId())
                .put("validFrom", text(b.validFrom())).put("validTo", text(b.validTo()));
    }

    public static JsonObject choice(SupplierChoice c) {
        return new JsonObject().put("id", c.id()).put("citizenId", c.citizenId()).put("supplierId", c.supplierId())
                .put("validFrom", text(c.validFrom())).put("validTo", text(c.validTo()))
                .put("noticeOverrideReason", c.noticeOverrideReason());
    }

    public static JsonObject shift(Shift s) {
        return new JsonObject().put("id", s.id()).put("supplierId", s.supplierId()).put("workerId", s.workerId())
                .put("workerName", s.workerName()).put("role", s.role() == null ? null : s.role().name())
                .put("start", text(s.start())).put("end", text(s.end()));
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}

package dk.vagtcentral.server.store;

import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import io.vertx.core.json.JsonObject;
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

    public static JsonObject citizen(Citizen c) {
        return new JsonObject().put("id", c.id()).put("municipalityId", c.municipalityId()).put("name", c.name())
                .put("address", c.address()).put("keyNote", c.keyNote())
                .put("status", c.status() == null ? null : c.status().name());
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

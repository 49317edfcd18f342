package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The body of a webhook delivery: what a supplier's own system needs to open, update and link a case, and no
 * personal data beyond the citizen's pseudonymous id (GDPR art. 5(1)(c), data minimisation; 002 Viborg §11.4). A
 * webhook leaves this system for a third party's server, its logs and its retries, so it carries ids, codes and times
 * only: no citizen's name, address, key note or phone, no worker's name, no free text a person typed (notes, reasons)
 * and no device text. The supplier's staff see the rest on the desk, behind their login, where reads are scoped and
 * logged; the payload links there. docs/webhooks.md lists the fields.
 */
public final class WebhookPayload {
    /** The payload's format; a change that removes or renames a field gets a new number. */
    public static final int VERSION = 1;

    private final String publicUrl;

    /** @param publicUrl this server's address for the links ({@code https://host}), or null for bare paths */
    public WebhookPayload(String publicUrl) {
        this.publicUrl = publicUrl == null ? "" : publicUrl;
    }

    /**
     * The payload of one delivery: {@code event} (the message kind's wire name), the alarm, the supplier it goes to,
     * the worker named (may be null) and the citizen (may be null), at {@code at}.
     */
    public JsonObject of(String event, Alarm alarm, Supplier to, Shift worker, Citizen citizen, Instant at) {
        JsonObject a = new JsonObject()
                .put("id", alarm.id())
                .put("category", alarm.category().name())
                .put("receivedAt", text(alarm.receivedAt()))
                .put("state", alarm.status().state().name())
                .put("holderSupplierId", alarm.holderSupplierId());
        if (alarm.routing() != null) {
            a.put("responseDeadline", text(alarm.routing().responseDeadline()))
                    .put("incidentAlarmId", alarm.routing().incidentAlarmId());
        }
        JsonObject body = new JsonObject()
                .put("version", VERSION)
                .put("event", event)
                .put("at", text(at))
                .put("alarm", a)
                .put("supplier", new JsonObject().put("id", to.id()));
        if (worker != null) {
            body.put("worker", new JsonObject().put("id", worker.workerId()).put("role", worker.role().name()));
        }
        if (citizen != null) {
            body.put("citizen", new JsonObject().put("id", citizen.id()));
        }
        body.put("links", new JsonObject()
                .put("desk", publicUrl + "/desk/")
                .put("alarm", publicUrl + "/api/v1/alarms/" + alarm.id()));
        return body;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

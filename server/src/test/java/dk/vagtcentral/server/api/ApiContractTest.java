package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.auth.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi.yaml} is the contract the server is bound from: these check the document itself and the binding
 * both ways (an operation the document has but no class binds, or one a class binds that the document lacks, stops
 * the server), and that each operation's authorisation is declared in it. ContractResponsesTest checks real answers
 * against its response schemas.
 */
class ApiContractTest {
    @TempDir
    Path dir;
    Vertx vertx;
    OpenAPIContract contract;

    @BeforeEach
    void load() throws Exception {
        vertx = Vertx.vertx();
        contract = ApiContract.load(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theDocumentIsValidOpenApi31WithTheSecuritySchemes() {
        JsonObject doc = ApiContract.document();
        assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
        JsonObject schemes = doc.getJsonObject("components").getJsonObject("securitySchemes");
        assertThat(schemes.fieldNames()).contains(Security.BEARER, Security.API_KEY);
        assertThat(schemes.getJsonObject(Security.API_KEY).getString("name")).isEqualTo("X-Api-Key");
        assertThat(contract.operations()).hasSizeGreaterThan(90);
        assertThat(contract.operation("getAlarm").getOpenAPIPath()).isEqualTo("/api/v1/alarms/{id}");
        assertThat(ApiContract.text()).startsWith("openapi: 3.1.0");
    }

    @Test
    void everyOperationDeclaresWhoMayCallItAndAdminMayCallEverySignedInOne() {
        List<String> problems = new ArrayList<>();
        for (Operation op : contract.operations()) {
            try {
                Security.Rule rule = Security.Rule.of(op);
                if (rule != null && rule != Security.INGEST_KEY && !rule.roles().contains(Role.ADMIN)) {
                    problems.add(op.getOperationId() + ": ADMIN may do everything, but is not among " + rule.roles());
                }
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
        // the document's default: a signed-in ADMIN
        assertThat(Security.Rule.of(contract.operation("createMunicipality")).roles()).containsExactly(Role.ADMIN);
        assertThat(Security.Rule.of(contract.operation("login"))).isNull();
        assertThat(Security.Rule.of(contract.operation("createAlarm"))).isSameAs(Security.INGEST_KEY);
        Security.Rule respond = Security.Rule.of(contract.operation("respondAlarm"));
        // a field worker answers "on my way" too; the domain then holds it to the calls assigned to it
        assertThat(respond.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.DISPATCHER, Role.WORKER,
                Role.SUPERVISOR);
        assertThat(respond.scope()).isEqualTo(AccessScope.ALARM);
        assertThat(respond.accessLog()).isEqualTo("alarm_action");
        Security.Rule keyCode = Security.Rule.of(contract.operation("deskKeyCode"));
        assertThat(keyCode.scope()).isEqualTo(AccessScope.OPEN_CALL_HOLDER);
        assertThat(keyCode.accessLog()).isEqualTo("key_code");
        assertThat(Security.Rule.of(contract.operation("deskCitizenCard")).accessLog()).isEqualTo("citizen_card");
    }

    @Test
    void aDeclarationTheGateDoesNotKnowStopsTheBinding() throws Exception {
        JsonObject doc = ApiContract.document();
        JsonObject getAlarm = doc.getJsonObject("paths").getJsonObject("/api/v1/alarms/{id}").getJsonObject("get");
        getAlarm.put("x-scope", "everyone");
        OpenAPIContract changed = ApiContract.load(vertx, doc).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> Security.Rule.of(changed.operation("getAlarm")))
                .hasMessageContaining("getAlarm").hasMessageContaining("unknown x-scope 'everyone'");
        getAlarm.remove("x-scope");
        getAlarm.put("security", new io.vertx.core.json.JsonArray().add(new JsonObject().put(Security.BEARER,
                new io.vertx.core.json.JsonArray().add("JANITOR"))));
        OpenAPIContract janitor = ApiContract.load(vertx, doc).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> Security.Rule.of(janitor.operation("getAlarm")))
                .hasMessageContaining("unknown role JANITOR");
    }

    @Test
    void anOperationTheDocumentLacksCannotBeBoundAndOneWithoutAHandlerStopsTheRouter() {
        Operations api = new Operations(vertx, contract, op -> RoutingContext::next);
        assertThatThrownBy(() -> api.on("getAlarms", RoutingContext::next))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openapi.yaml has no operation getAlarms");
        api.on("getAlarm", RoutingContext::next);
        assertThatThrownBy(() -> api.on("getAlarm", RoutingContext::next)).hasMessageContaining("bound twice");
        assertThat(api.unbound()).contains("listAlarms").doesNotContain("getAlarm");
        assertThatThrownBy(api::router).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a handler").hasMessageContaining("listAlarms");
    }

    @Test
    void theServerBindsEveryOperationAndEachAnswersAndServesTheDocument() throws Exception {
        // TestServer.start fails when an operation of the document has no handler (Operations.router)
        try (TestServer server = TestServer.start(dir.resolve("server"), Map.of())) {
            HttpResponse<String> doc = server.send("GET", ApiContract.PATH, null, null);
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/yaml"));
            assertThat(doc.body()).isEqualTo(ApiContract.text());
            List<String> missing = new ArrayList<>();
            for (Operation op : contract.operations()) {
                String method = op.getHttpMethod().name();
                String path = op.getOpenAPIPath().replaceAll("\\{[^}/]+}", "0");
                String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
                // logging out would end the token the other probes use
                String token = op.getOperationId().equals("logout")
                        ? TestServer.login(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD) : server.token();
                HttpResponse<String> r = server.send(method, path, body, token);
                if (r.statusCode() == 405 || r.statusCode() == 503 && r.body().isEmpty()
                        || r.statusCode() == 404 && isCatchAll(r.body())) {
                    missing.add(op.getOperationId() + " " + method + " " + path + " -> " + r.statusCode() + " "
                            + r.body());
                }
            }
            assertThat(missing).as("documented operations the server does not route").isEmpty();
        }
    }

    @Test
    void anUnknownPathIsTheCatchAllsNotFound() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"), Map.of())) {
            HttpResponse<String> r = server.get("/api/v1/no-such-thing");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(isCatchAll(r.body())).isTrue();
            // without a token too: the routes are public (this document), only what they answer is not
            assertThat(server.send("GET", "/api/v1/no-such-thing", null, null).statusCode()).isEqualTo(404);
        }
    }

    private static boolean isCatchAll(String body) {
        try {
            JsonObject json = new JsonObject(body);
            return "not_found".equals(json.getString("error"))
                    && String.valueOf(json.getString("message")).startsWith("no such endpoint");
        } catch (RuntimeException e) {
            return true;
        }
    }
}

package dk.vagtcentral.server.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The routes of the HTTP API, bound from {@code openapi.yaml}: an API class names an operation by its
 * {@code operationId} and gives its handler ({@code api.on("getAlarm", this::getAlarm)}); the path, the method and
 * the path parameters come from the document (Vert.x's OpenAPI {@link RouterBuilder}), and so do who may call it
 * and the shape of the request.
 *
 * <p>Each operation's route runs, in this order: the {@code gate} (in the server {@link Security#gate}: 401 without a
 * valid token, 403 for a role or scope the operation's {@code security} and {@code x-scope} do not admit), then the
 * request checked against the contract ({@link ContractRequests}: 400 naming the field), then the handler. The
 * router builder's own security and validation are switched off for this order: they run before any handler
 * added to a route, so a caller without the right would learn from a 400 what a request must look like, and its
 * authentication handlers know nothing of this server's sessions, roles and scopes.
 *
 * <p>An operationId the document does not have fails at once; {@link #router()} fails while any operation of the
 * document has no handler, so the server cannot start with a route described but missing, or served but
 * undescribed.
 */
public final class Operations {
    private final OpenAPIContract contract;
    private final RouterBuilder builder;
    private final Function<Operation, Handler<RoutingContext>> gate;
    private final ContractRequests requests;
    private final Set<String> bound = new TreeSet<>();

    /** @param gate the authorisation of one operation, run before anything else on its route */
    public Operations(Vertx vertx, OpenAPIContract contract, Function<Operation, Handler<RoutingContext>> gate) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.builder = RouterBuilder.create(vertx, contract);
        this.requests = new ContractRequests(contract);
    }

    /** Binds {@code handler} to the operation {@code operationId} of the document. */
    public Operations on(String operationId, Handler<RoutingContext> handler) {
        OpenAPIRoute route = builder.getRoute(operationId);
        if (route == null) {
            throw new IllegalArgumentException("openapi.yaml has no operation " + operationId
                    + ": describe it there (path, method, security, request, responses) before binding it");
        }
        if (!bound.add(operationId)) {
            throw new IllegalStateException("operation " + operationId + " is bound twice");
        }
        Operation operation = route.getOperation();
        route.setDoSecurity(false).setDoValidation(false)
                .addHandler(gate.apply(operation))
                .addHandler(requests.check(operation))
                .addHandler(handler);
        return this;
    }

    /** Handlers run before every route (e.g. the connection guard); call before {@link #router()}. */
    public Operations before(Handler<RoutingContext> handler) {
        builder.rootHandler(handler);
        return this;
    }

    /** The operations of the document that have no handler yet. */
    Set<String> unbound() {
        Set<String> out = new TreeSet<>();
        contract.operations().forEach(o -> out.add(o.getOperationId()));
        out.removeAll(bound);
        return out;
    }

    /** The router of every operation; fails while any has no handler. */
    public Router router() {
        Set<String> missing = unbound();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("operations in openapi.yaml without a handler: " + missing);
        }
        return builder.createRouter();
    }

    /**
     * The router of the operations bound so far; every other operation of the document answers 503. For a test that
     * mounts one API class on its own.
     */
    Router partialRouter() {
        return builder.createRouter();
    }
}

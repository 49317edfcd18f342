package dk.vagtcentral.server.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A router of some of the contract's operations, bound as the server binds them but without its sign-in (every
 * caller is let through, as for a test that mounts one API class on its own); requests are still checked against
 * the contract.
 */
final class ContractRouters {
    private ContractRouters() {
    }

    static Router of(Vertx vertx, Consumer<Operations> bind) throws Exception {
        OpenAPIContract contract = ApiContract.load(vertx).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        Operations api = new Operations(vertx, contract, op -> RoutingContext::next).before(BodyHandler.create());
        bind.accept(api);
        return api.partialRouter();
    }
}

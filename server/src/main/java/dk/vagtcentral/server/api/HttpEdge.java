package dk.vagtcentral.server.api;

import dk.vagtcentral.server.net.TrustedProxies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every request meets before any route: the client's address (through trusted proxies only), the security
 * headers on every answer, and a path with a control character refused before anything reads or writes data. And,
 * on the JSON API, a body that is not {@code application/json} refused with 415 before it is read.
 */
final class HttpEdge {
    /** The routing-context key of the client's address (see {@link #client}). */
    static final String CLIENT = "vagtcentral.client";
    /**
     * No inline script or style, nothing from elsewhere, never framed: the desk and the console load their scripts
     * and style sheets from files and draw charts as SVG elements, so they need nothing more.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** One year; sent only over TLS, where the browser takes it. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";
    /** A control character (C0 or DEL). */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");
    /** A control character, raw or percent-encoded as it may stand in a path. */
    private static final Pattern CONTROL_IN_PATH = Pattern.compile("[\\x00-\\x1F\\x7F]|%(?:[01][0-9A-Fa-f]|7[Ff])");

    private final TrustedProxies proxies;
    private final boolean tls;

    HttpEdge(TrustedProxies proxies, boolean tls) {
        this.proxies = proxies;
        this.tls = tls;
    }

    /** The router's first handler (after the connection guard's). */
    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        if (tls) {
            response.putHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        String peer = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
        List<String> forwarded = proxies.isEmpty() ? List.of() : request.headers().getAll("X-Forwarded-For");
        ctx.put(CLIENT, proxies.client(peer, forwarded));
        if (request.path() != null && CONTROL_IN_PATH.matcher(request.path()).find()) {
            Responses.error(ctx, ApiException.badRequest("the path holds a control character (CR, LF, NUL, tab ...): "
                    + "ids and names may not contain them"));
            return;
        }
        ctx.next();
    }

    /**
     * On {@code /api/*}, before the body is read: a request with a body (POST, PUT, PATCH) must say it is JSON;
     * text/plain and form posts, which a browser sends cross-site without asking, get 415.
     */
    void jsonBodies(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpMethod m = request.method();
        if ((m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH)
                && ConnectionGuard.declaresBody(request) && !isJson(request.getHeader("content-type"))) {
            String given = request.getHeader("content-type");
            ctx.response().putHeader("Accept-Post", "application/json").putHeader("connection", "close");
            Responses.error(ctx, new ApiException(415, "unsupported_media_type", "the body must be JSON with "
                    + "Content-Type: application/json" + (given == null ? " (none given)"
                    : ", not " + Security.loggable(given))));
            return;
        }
        ctx.next();
    }

    /** {@code application/json}, with parameters such as charset or not; also {@code application/<x>+json}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** Whether a value (a decoded parameter, a body field) holds a control character (C0 or DEL). */
    static boolean hasControlCharacter(String text) {
        return text != null && CONTROL.matcher(text).find();
    }

    /** The client's address as the throttle and the logs use it: the peer, or who a trusted proxy names. */
    static String client(RoutingContext ctx) {
        String client = ctx.get(CLIENT);
        if (client != null) {
            return client;
        }
        return ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().hostAddress();
    }
}

package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.FieldError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request checked against its operation in the contract before the handler runs: every path, query and header
 * parameter and the JSON body against their schemas. A request that does not fit is {@code 400 bad_request} with
 * {@code message} "field: problem" for the first problem and {@code fields} listing one problem per field
 * ({@code actor}, {@code noticeOverride.reason}, {@code limit}), in the words the handlers use ("must be a string",
 * "is required", "must be one of ...").
 *
 * <p>Query parameters are read as Vert.x decodes them (once); a parameter the contract types as a string is checked
 * as the string it is, so "2026-11-01" or "+01:00" stay what the client sent.
 */
final class ContractRequests {
    private static final String WRONG_FORM = "does not have the form the API description gives";
    private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
    private static final Pattern ADDITIONAL = Pattern.compile("^Property \"([^\"]+)\" does not match additional");
    private static final Pattern ENUM = Pattern.compile("any of (\\[.*])$");
    private static final Pattern TOO_LONG = Pattern.compile("too long \\(\\d+ > (\\d+)\\)");
    private static final Pattern BOUND = Pattern.compile("(?:less|greater) than (\\S+)$");
    private static final Pattern TOO_SHORT = Pattern.compile("too short \\(\\d+ < (\\d+)\\)");

    private final SchemaRepository schemas;

    ContractRequests(OpenAPIContract contract) {
        this.schemas = contract.getSchemaRepository();
    }

    /** The check of one operation's requests; it calls the next handler when the request fits. */
    Handler<RoutingContext> check(Operation operation) {
        Map<Parameter, Validator> parameters = new LinkedHashMap<>();
        for (Parameter p : operation.getParameters()) {
            parameters.put(p, schemas.validator(p.getSchema()));
        }
        MediaType json = operation.getRequestBody() == null ? null
                : operation.getRequestBody().getContent().get("application/json");
        Validator body = json == null || json.getSchema() == null ? null : schemas.validator(json.getSchema());
        boolean bodyRequired = json != null && operation.getRequestBody().isRequired();
        if (parameters.isEmpty() && body == null) {
            return RoutingContext::next;
        }
        return ctx -> {
            List<FieldError> errors = new ArrayList<>();
            parameters.forEach((p, validator) -> checkParameter(ctx, p, validator, errors));
            if (body != null) {
                Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
                if (raw == null || raw.length() == 0) {
                    if (bodyRequired) {
                        Responses.error(ctx, ApiException.badRequest("body must be a JSON object"));
                        return;
                    }
                } else {
                    Object value;
                    try {
                        value = Json.decodeValue(raw);
                    } catch (DecodeException e) {
                        Responses.error(ctx, ApiException.badRequest("body must be a JSON object"));
                        return;
                    }
                    if (!(value instanceof JsonObject)) {
                        Responses.error(ctx, ApiException.badRequest("body must be a JSON object"));
                        return;
                    }
                    OutputUnit result = body.validate(value);
                    if (!result.getValid()) {
                        errors.addAll(problems("", result));
                    }
                }
            }
            if (errors.isEmpty()) {
                ctx.next();
            } else {
                Responses.error(ctx, ApiException.badRequest(errors.get(0).toString()), errors);
            }
        };
    }

    private static void checkParameter(RoutingContext ctx, Parameter p, Validator validator, List<FieldError> errors) {
        Object value = switch (p.getIn()) {
            case PATH -> typed(p.getSchemaType(), ctx.pathParam(p.getName()));
            case HEADER -> typed(p.getSchemaType(), ctx.request().getHeader(p.getName()));
            case COOKIE -> {
                var cookie = ctx.request().getCookie(p.getName());
                yield typed(p.getSchemaType(), cookie == null ? null : cookie.getValue());
            }
            case QUERY -> {
                List<String> all = ctx.queryParams().getAll(p.getName());
                if (all.isEmpty()) {
                    yield null;
                }
                if (p.getSchemaType() == SchemaType.ARRAY) {
                    JsonArray array = new JsonArray();
                    all.forEach(array::add);
                    yield array;
                }
                yield typed(p.getSchemaType(), all.get(0));
            }
        };
        if (value == null) {
            if (p.isRequired()) {
                errors.add(new FieldError(p.getName(), "is required"));
            }
            return;
        }
        OutputUnit result = validator.validate(value);
        if (!result.getValid()) {
            List<FieldError> found = problems(p.getName(), result);
            FieldError e = found.isEmpty() ? new FieldError(p.getName(), "is not valid") : found.get(0);
            Object pattern = p.getSchema().get("pattern");
            if (e.message().equals(WRONG_FORM) && pattern != null) {
                e = new FieldError(e.field(), "must match " + pattern);
            }
            errors.add(e);
        }
    }

    /** A parameter's text as the JSON value its schema's type reads it as; text that is not one stays text. */
    private static Object typed(SchemaType type, String text) {
        if (text == null) {
            return null;
        }
        try {
            return switch (type == null ? SchemaType.STRING : type) {
                case INTEGER -> Long.parseLong(text.strip());
                case NUMBER -> Double.parseDouble(text.strip());
                case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** One problem per field, from the validator's errors, the field named by its place in the value. */
    static List<FieldError> problems(String root, OutputUnit result) {
        Map<String, FieldError> byField = new LinkedHashMap<>();
        List<OutputUnit> units = result.getErrors() == null ? List.of(result) : result.getErrors();
        for (OutputUnit u : units) {
            FieldError e = problem(root, u);
            if (e != null) {
                byField.putIfAbsent(e.field(), e);
            }
        }
        return new ArrayList<>(byField.values());
    }

    private static FieldError problem(String root, OutputUnit u) {
        String keyword = u.getKeywordLocation() == null ? "" : u.getKeywordLocation();
        String at = field(root, u.getInstanceLocation());
        String error = u.getError() == null ? "" : u.getError();
        Matcher m;
        if (keyword.endsWith("/required") && (m = REQUIRED.matcher(error)).find()) {
            return new FieldError(join(at, m.group(1)), "is required");
        }
        if (keyword.endsWith("/additionalProperties") && (m = ADDITIONAL.matcher(error)).find()) {
            return new FieldError(at, "is not a known field");
        }
        String problem;
        if (keyword.endsWith("/type")) {
            problem = typeProblem(error);
        } else if (keyword.endsWith("/enum") && (m = ENUM.matcher(error)).find()) {
            problem = "must be one of " + String.join(", ", new JsonArray(m.group(1)).stream().map(String::valueOf)
                    .toList());
        } else if (keyword.endsWith("/maxLength") && (m = TOO_LONG.matcher(error)).find()) {
            problem = "must be at most " + m.group(1) + " characters";
        } else if (keyword.endsWith("/minLength") && (m = TOO_SHORT.matcher(error)).find()) {
            problem = "must be at least " + m.group(1) + " characters";
        } else if (keyword.endsWith("/format")) {
            problem = formatProblem(error);
        } else if ((keyword.endsWith("/minimum") || keyword.endsWith("/maximum")) && (m = BOUND.matcher(error)).find()) {
            problem = (keyword.endsWith("/minimum") ? "must be at least " : "must be at most ") + m.group(1);
        } else if (keyword.endsWith("/exclusiveMinimum") || keyword.endsWith("/exclusiveMaximum")) {
            problem = "is out of range: " + error;
        } else if (keyword.endsWith("/pattern")) {
            problem = WRONG_FORM;
        } else if (keyword.endsWith("/minItems") || keyword.endsWith("/maxItems") || keyword.endsWith("/const")
                || keyword.endsWith("/uniqueItems") || keyword.endsWith("/multipleOf")
                || keyword.endsWith("/minProperties") || keyword.endsWith("/maxProperties")) {
            problem = error;
        } else {
            return null; // a wrapper ("A subschema had errors", "Property x does not match schema")
        }
        return new FieldError(at.isEmpty() ? "body" : at, problem);
    }

    private static String typeProblem(String error) {
        String expected = error.substring(error.lastIndexOf("Expected ") + "Expected ".length());
        if (expected.contains("integer")) {
            return "must be a whole number";
        }
        if (expected.contains("number")) {
            return "must be a number";
        }
        if (expected.contains("boolean")) {
            return "must be true or false";
        }
        if (expected.contains("string")) {
            return "must be a string";
        }
        if (expected.contains("object")) {
            return "must be an object";
        }
        if (expected.contains("array")) {
            return "must be a list";
        }
        return "has the wrong type (" + error + ")";
    }

    private static String formatProblem(String error) {
        if (error.contains("\"date-time\"")) {
            return "must be an ISO-8601 instant with offset, e.g. 2026-04-01T08:00:00Z";
        }
        if (error.contains("\"date\"")) {
            return "must be an ISO-8601 date, e.g. 2026-04-01";
        }
        if (error.contains("\"duration\"")) {
            return "must be an ISO-8601 duration, e.g. PT5M";
        }
        return error.replace("String does not match", "must match").replace("Integer does not match", "must match");
    }

    /** {@code "#/noticeOverride/reason"} under {@code root} as {@code noticeOverride.reason}; items as {@code [1]}. */
    private static String field(String root, String location) {
        String path = location == null ? "" : location.startsWith("#") ? location.substring(1) : location;
        StringBuilder out = new StringBuilder(root);
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(name);
            }
        }
        return out.toString();
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }
}

package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.Charges;
import dk.vagtcentral.server.domain.CopenhagenCalendar;
import dk.vagtcentral.server.domain.MonthlyStatement;
import dk.vagtcentral.server.domain.SupplierComparison;
import dk.vagtcentral.server.domain.SupplierFigures;
import dk.vagtcentral.server.store.ReportQueries;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Reports for municipal supervisors. Read-only; JSON by default, CSV where a spreadsheet is the point.
 *
 * <ul>
 *   <li>{@code GET /api/v1/suppliers/{id}/figures?from=&to=&format=json|csv}: the supplier's key figures
 *       ({@link SupplierFigures}) over the calls received in {@code [from, to)}; default the last 30 days. Overdue
 *       justifications are counted now.</li>
 *   <li>{@code GET /api/v1/suppliers/{id}/statement?month=YYYY-MM&format=json|csv}: the monthly settlement
 *       statement ({@link MonthlyStatement}), the month in Copenhagen time.</li>
 *   <li>{@code GET /api/v1/supplier-comparison?municipalityId=&from=YYYY-MM&to=YYYY-MM&format=json|csv}: every care
 *       supplier of the municipality side by side, month by month ({@link SupplierComparison}; the months in
 *       Copenhagen time, {@code to} included, at most 24; default the 12 months up to this one).</li>
 *   <li>{@code GET /api/v1/escalations?municipalityId=&supplierId=&from=&to=&step=&limit=}: escalations that acted,
 *       newest first, as {@code {"items": [...]}}; each with the supplier's 24/7 phone and contact person as on record
 *       now, so a supervisor can ring the supplier at once.</li>
 * </ul>
 *
 * {@code from}/{@code to} take an ISO-8601 instant with offset ({@code 2026-11-01T00:00:00Z}) or a date
 * ({@code 2026-11-01}, meaning Copenhagen midnight at its start); {@code to} is exclusive. A bad parameter is
 * {@code 400 bad_request} naming it ({@code message} "name: problem", {@code fields}); an unknown supplier is
 * {@code 404}.
 */
public final class ReportsApi {
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    private static final int MAX_ID = 64;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern UNSAFE_FILENAME = Pattern.compile("[^A-Za-z0-9._-]");
    private static final String CRLF = "\r\n";
    static final String FIGURES_CSV_HEADER = "supplier_id,from,to,calls,answered_in_time,share_answered_in_time,"
            + "p50,p50_seconds,p90,p90_seconds,max,max_seconds,forwards,overdue_justifications,cancelled_unanswered";

    /** A bad query parameter. */
    private static final class BadParameter extends RuntimeException {
        private final String name;

        BadParameter(String name, String problem) {
            super(name + ": " + problem);
            this.name = name;
        }
    }

    private enum Format { JSON, CSV }

    private final Vertx vertx;
    private final ReportQueries queries;
    private final Clock clock;

    public ReportsApi(Vertx vertx, ReportQueries queries, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Binds {@code figures}, {@code statement}, {@code escalations} and {@code supplierComparison}. */
    public void bind(Operations api) {
        api.on("figures", this::figures).on("statement", this::statement).on("escalations", this::escalations)
                .on("supplierComparison", this::comparison);
    }

    // ---------------------------------------------------------------- comparison

    static final String COMPARISON_CSV_HEADER = "supplier_id,supplier_name,kind,month,calls,answered_in_time,"
            + "share_answered_in_time,p50_seconds,p90_seconds,max_seconds,forwards,cancelled_unanswered";

    private void comparison(RoutingContext ctx) {
        String municipalityId;
        List<YearMonth> months;
        Format format;
        try {
            format = format(ctx, true);
            municipalityId = id(ctx, "municipalityId");
            if (municipalityId == null) {
                throw new BadParameter("municipalityId", "is required: whose suppliers to compare");
            }
            YearMonth now = YearMonth.from(clock.instant().atZone(CopenhagenCalendar.ZONE));
            String fromText = ctx.queryParams().get("from");
            String toText = ctx.queryParams().get("to");
            YearMonth to = toText == null ? now : monthParameter("to", toText);
            YearMonth from = fromText == null ? to.minusMonths(11) : monthParameter("from", fromText);
            if (to.isBefore(from)) {
                throw new BadParameter("to", "must not be before from (" + from + ")");
            }
            if (from.plusMonths(SupplierComparison.MAX_MONTHS).isBefore(to.plusMonths(1))) {
                throw new BadParameter("from", "the comparison may span at most " + SupplierComparison.MAX_MONTHS
                        + " months");
            }
            months = SupplierComparison.months(from, to);
        } catch (BadParameter e) {
            bad(ctx, e);
            return;
        }
        Instant start = SupplierComparison.start(months.get(0));
        Instant end = SupplierComparison.start(months.get(months.size() - 1).plusMonths(1));
        blocking(ctx, () -> {
            List<Compared> rows = new java.util.ArrayList<>();
            for (ReportQueries.CareSupplier s : queries.careSuppliers(municipalityId)) {
                rows.add(new Compared(s, SupplierComparison.row(s.id(), months, queries.calls(s.id(), start, end))));
            }
            return rows;
        }).onSuccess(rows -> {
            String first = months.get(0).toString();
            String last = months.get(months.size() - 1).toString();
            if (format == Format.CSV) {
                StringBuilder csv = new StringBuilder(COMPARISON_CSV_HEADER).append(CRLF);
                for (Compared r : rows) {
                    for (SupplierComparison.Month m : r.row().months()) {
                        SupplierFigures.Figures f = m.figures();
                        csv.append(csvRow(r.supplier().id(), r.supplier().name(), r.supplier().kind(),
                                m.month().toString(), Integer.toString(f.calls()), Integer.toString(f.answeredInTime()),
                                f.shareAnsweredInTime() == null ? "" : f.shareAnsweredInTime().toPlainString(),
                                secondsText(f.p50()), secondsText(f.p90()), secondsText(f.max()),
                                Integer.toString(f.forwards()), Integer.toString(f.cancelledUnanswered()))).append(CRLF);
                    }
                }
                csv(ctx, "supplier-comparison-" + filename(municipalityId) + "-" + first + "-" + last + ".csv",
                        csv.toString());
                return;
            }
            JsonArray suppliers = new JsonArray();
            for (Compared r : rows) {
                JsonArray list = new JsonArray();
                for (SupplierComparison.Month m : r.row().months()) {
                    list.add(monthFigures(m.figures()).put("month", m.month().toString())
                            .put("from", m.start().toString()).put("to", m.end().toString()));
                }
                suppliers.add(new JsonObject().put("id", r.supplier().id()).put("name", r.supplier().name())
                        .put("kind", r.supplier().kind()).put("months", list)
                        .put("total", monthFigures(r.row().total())));
            }
            JsonArray monthList = new JsonArray();
            months.forEach(m -> monthList.add(m.toString()));
            json(ctx, 200, new JsonObject().put("municipalityId", municipalityId).put("from", first).put("to", last)
                    .put("months", monthList).put("suppliers", suppliers));
        });
    }

    /** A supplier and its compared months. */
    private record Compared(ReportQueries.CareSupplier supplier, SupplierComparison.Row row) {
    }

    private static JsonObject monthFigures(SupplierFigures.Figures f) {
        return new JsonObject().put("calls", f.calls()).put("answeredInTime", f.answeredInTime())
                .put("shareAnsweredInTime", f.shareAnsweredInTime())
                .put("p50Seconds", seconds(f.p50())).put("p90Seconds", seconds(f.p90()))
                .put("maxSeconds", seconds(f.max())).put("forwards", f.forwards())
                .put("cancelledUnanswered", f.cancelledUnanswered());
    }

    private static YearMonth monthParameter(String name, String text) {
        String t = text.strip();
        if (MONTH.matcher(t).matches()) {
            try {
                return YearMonth.parse(t);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new BadParameter(name, "must be a month as YYYY-MM, e.g. 2026-11, got '" + clip(text) + "'");
    }

    // ---------------------------------------------------------------- figures

    private void figures(RoutingContext ctx) {
        String supplierId = ctx.pathParam("id");
        Instant from;
        Instant to;
        Format format;
        try {
            format = format(ctx, true);
            Instant givenFrom = instant(ctx, "from");
            Instant givenTo = instant(ctx, "to");
            to = givenTo != null ? givenTo : clock.instant();
            from = givenFrom != null ? givenFrom : to.minus(DEFAULT_PERIOD);
            period(from, to);
        } catch (BadParameter e) {
            bad(ctx, e);
            return;
        }
        blocking(ctx, () -> {
            requireSupplier(supplierId);
            Instant now = clock.instant();
            return SupplierFigures.of(queries.calls(supplierId, from, to),
                    queries.overdueJustifications(supplierId, now));
        }).onSuccess(f -> {
            if (format == Format.CSV) {
                String csv = FIGURES_CSV_HEADER + CRLF + csvRow(supplierId, from.toString(), to.toString(),
                        Integer.toString(f.calls()), Integer.toString(f.answeredInTime()),
                        f.shareAnsweredInTime() == null ? "" : f.shareAnsweredInTime().toPlainString(),
                        iso(f.p50()), secondsText(f.p50()), iso(f.p90()), secondsText(f.p90()), iso(f.max()),
                        secondsText(f.max()), Integer.toString(f.forwards()),
                        Integer.toString(f.overdueJustifications()), Integer.toString(f.cancelledUnanswered())) + CRLF;
                csv(ctx, "figures-" + filename(supplierId) + "-" + CopenhagenCalendar.dateAt(from) + "-"
                        + CopenhagenCalendar.dateAt(to) + ".csv", csv);
                return;
            }
            json(ctx, 200, figuresJson(supplierId, from, to, f));
        });
    }

    static JsonObject figuresJson(String supplierId, Instant from, Instant to, SupplierFigures.Figures f) {
        return new JsonObject()
                .put("supplierId", supplierId)
                .put("from", from.toString())
                .put("to", to.toString())
                .put("calls", f.calls())
                .put("answeredInTime", f.answeredInTime())
                .put("shareAnsweredInTime", f.shareAnsweredInTime())
                .put("p50", f.p50() == null ? null : f.p50().toString())
                .put("p50Seconds", seconds(f.p50()))
                .put("p90", f.p90() == null ? null : f.p90().toString())
                .put("p90Seconds", seconds(f.p90()))
                .put("max", f.max() == null ? null : f.max().toString())
                .put("maxSeconds", seconds(f.max()))
                .put("forwards", f.forwards())
                .put("cancelledUnanswered", f.cancelledUnanswered())
                .put("overdueJustifications", f.overdueJustifications());
    }

    // ---------------------------------------------------------------- statement

    private void statement(RoutingContext ctx) {
        String supplierId = ctx.pathParam("id");
        YearMonth month;
        Format format;
        try {
            format = format(ctx, true);
            month = month(ctx);
        } catch (BadParameter e) {
            bad(ctx, e);
            return;
        }
        Instant start = MonthlyStatement.monthStart(month);
        Instant end = MonthlyStatement.monthStart(month.plusMonths(1));
        blocking(ctx, () -> {
            requireSupplier(supplierId);
            return MonthlyStatement.of(supplierId, month, queries.charges(supplierId, start, end),
                    queries.registrations(supplierId, start, end));
        }).onSuccess(s -> {
            if (format == Format.CSV) {
                csv(ctx, "statement-" + filename(supplierId) + "-" + month + ".csv", MonthlyStatement.csv(s));
                return;
            }
            json(ctx, 200, statementJson(s, start, end));
        });
    }

    static JsonObject statementJson(MonthlyStatement.Statement s, Instant start, Instant end) {
        JsonArray charges = new JsonArray();
        for (Charges.Charge c : s.charges()) {
            charges.add(new JsonObject().put("alarmId", c.alarmId()).put("target", c.target().name())
                    .put("amountDkk", c.amountDkk().setScale(2).toPlainString()).put("at", c.at().toString()));
        }
        JsonArray registrations = new JsonArray();
        int emergencyCalls = 0;
        int acuteResponses = 0;
        for (MonthlyStatement.Registration r : s.registrations()) {
            registrations.add(new JsonObject().put("alarmId", r.alarmId()).put("at", r.at().toString())
                    .put("kind", r.kind()).put("detail", r.detail()));
            if (ReportQueries.EMERGENCY_CALL.equals(r.kind())) {
                emergencyCalls++;
            } else if (ReportQueries.ACUTE_RESPONSE.equals(r.kind())) {
                acuteResponses++;
            }
        }
        return new JsonObject()
                .put("supplierId", s.supplierId())
                .put("month", s.month().toString())
                .put("from", start.toString())
                .put("to", end.toString())
                .put("charges", charges)
                .put("totalDkk", s.totalDkk().setScale(2).toPlainString())
                .put("registrations", registrations)
                .put("counts", new JsonObject().put("charges", s.charges().size())
                        .put("emergencyCalls", emergencyCalls).put("acuteResponses", acuteResponses));
    }

    // ---------------------------------------------------------------- escalations

    private void escalations(RoutingContext ctx) {
        String municipalityId;
        String supplierId;
        String step;
        Instant from;
        Instant to;
        int limit;
        ReportQueries.Escalation after;
        try {
            format(ctx, false);
            municipalityId = id(ctx, "municipalityId");
            supplierId = id(ctx, "supplierId");
            step = id(ctx, "step");
            from = instant(ctx, "from");
            to = instant(ctx, "to");
            if (from != null && to != null && !to.isAfter(from)) {
                throw new BadParameter("to", "must be after from");
            }
            limit = limit(ctx);
            after = escalationCursor(ctx.queryParams().get("cursor"));
        } catch (BadParameter e) {
            bad(ctx, e);
            return;
        }
        blocking(ctx, () -> Cursor.page(queries.escalations(municipalityId, supplierId, from, to, step, after,
                limit + 1), limit, last -> Cursor.encode(last.firedAt(), last.alarmId(), last.step(), last.kind())))
                .onSuccess(page -> {
            JsonArray items = new JsonArray();
            for (ReportQueries.Escalation e : page.items()) {
                items.add(new JsonObject()
                        .put("alarmId", e.alarmId())
                        .put("municipalityId", e.municipalityId())
                        .put("supplierId", e.supplierId())
                        .put("supplierPhone", e.supplierPhone())
                        .put("supplierContactPerson", e.supplierContactPerson())
                        .put("step", e.step())
                        .put("kind", e.kind())
                        .put("dueAt", e.dueAt() == null ? null : e.dueAt().toString())
                        .put("firedAt", e.firedAt().toString())
                        .put("late", e.late()));
            }
            json(ctx, 200, new JsonObject().put("items", items).put("nextCursor", page.nextCursor()));
        });
    }

    /** The escalation a {@code cursor} (an earlier page's {@code nextCursor}) points after; null when absent. */
    private static ReportQueries.Escalation escalationCursor(String text) {
        try {
            List<String> key = Cursor.decode(text, 4);
            return key == null ? null : new ReportQueries.Escalation(Cursor.longPart(key.get(1)), null, null,
                    key.get(2), null, Cursor.instantPart(key.get(0)), false, key.get(3));
        } catch (ApiException e) {
            throw new BadParameter("cursor", "is not one this list answered as nextCursor; start again without it");
        }
    }

    // ---------------------------------------------------------------- parameters

    private static Format format(RoutingContext ctx, boolean csvAllowed) {
        String text = ctx.queryParams().get("format");
        if (text == null || text.equals("json")) {
            return Format.JSON;
        }
        if (csvAllowed && text.equals("csv")) {
            return Format.CSV;
        }
        throw new BadParameter("format", csvAllowed ? "must be json or csv" : "must be json");
    }

    /** An instant or a Copenhagen date; null when absent. */
    static Instant parseInstant(String name, String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        try {
            if (DATE.matcher(t).matches()) {
                return CopenhagenCalendar.startOfDay(LocalDate.parse(t));
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, "must be an ISO-8601 instant with offset (2026-11-01T00:00:00Z) or a date "
                    + "(2026-11-01, Copenhagen midnight), got '" + clip(text) + "'");
        }
    }

    private static Instant instant(RoutingContext ctx, String name) {
        return parseInstant(name, ctx.queryParams().get(name));
    }

    private static void period(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new BadParameter("to", "must be after from (" + from + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new BadParameter("from", "the period may be at most " + MAX_PERIOD.toDays() + " days");
        }
    }

    static YearMonth parseMonth(String text) {
        if (text == null) {
            throw new BadParameter("month", "is required: the month as YYYY-MM, e.g. 2026-11");
        }
        String t = text.strip();
        if (MONTH.matcher(t).matches()) {
            try {
                return YearMonth.parse(t);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new BadParameter("month", "must be a month as YYYY-MM, e.g. 2026-11, got '" + clip(text) + "'");
    }

    private static YearMonth month(RoutingContext ctx) {
        return parseMonth(ctx.queryParams().get("month"));
    }

    private static String id(RoutingContext ctx, String name) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return null;
        }
        if (text.isBlank() || text.length() > MAX_ID) {
            throw new BadParameter(name, "must be 1-" + MAX_ID + " characters");
        }
        return text.strip();
    }

    private static int limit(RoutingContext ctx) {
        try {
            return Cursor.limit(ctx.queryParams().get("limit"));
        } catch (ApiException e) {
            throw new BadParameter("limit", "must be a whole number from 1 to " + Cursor.MAX_LIMIT);
        }
    }

    private void requireSupplier(String supplierId) throws Exception {
        if (!queries.supplierExists(supplierId)) {
            throw ApiException.notFound("no supplier with id " + supplierId);
        }
    }

    // ---------------------------------------------------------------- rendering

    private static String iso(Duration d) {
        return d == null ? "" : d.toString();
    }

    /** Seconds as a whole number, or with the milliseconds as decimals when there are any; null for null. */
    static Number seconds(Duration d) {
        if (d == null) {
            return null;
        }
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
    }

    private static String secondsText(Duration d) {
        Number n = seconds(d);
        return n == null ? "" : n.toString();
    }

    private static String csvRow(String... fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(csvField(fields[i]));
        }
        return out.toString();
    }

    /** RFC 4180, quoted when needed, never a formula: see {@link dk.vagtcentral.server.domain.CsvField}. */
    static String csvField(String value) {
        return dk.vagtcentral.server.domain.CsvField.of(value);
    }

    static String filename(String id) {
        return UNSAFE_FILENAME.matcher(id).replaceAll("_");
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> Responses.failed(ctx, e));
    }

    private static void csv(RoutingContext ctx, String filename, String body) {
        ctx.response().setStatusCode(200)
                .putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"" + filename + "\"")
                .end(body);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        Responses.json(ctx, status, body);
    }

    private static void bad(RoutingContext ctx, BadParameter e) {
        error(ctx, 400, "bad_request", e.getMessage(), e.name);
    }

    private static void error(RoutingContext ctx, int status, String code, String message, String field) {
        String problem = field != null && message.startsWith(field + ": ") ? message.substring(field.length() + 2)
                : message;
        Responses.error(ctx, new ApiException(status, code, message),
                field == null ? List.of() : List.of(new dk.vagtcentral.server.domain.FieldError(field, problem)));
    }
}

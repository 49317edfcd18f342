package dk.vagtcentral.simulator.storm;

import dk.vagtcentral.simulator.abuse.AccountRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Registers a range of accounts on the server through the admin API ({@code PUT /api/v1/admin/devices/{account}},
 * an ADMIN's token), a number of requests at a time, skipping the accounts {@code GET /api/v1/devices} already
 * lists. The devices are registered without a supervision interval, so that the server raises no "no contact"
 * alarms for them once the run is over.
 */
public final class DeviceRegistrar {
    private final ServerApi api;
    private int concurrency = 16;
    private String municipalityId;
    private String labelPrefix = "Storm device ";
    private java.time.Duration supervisionInterval;

    /**
     * How a registration went.
     *
     * @param existing accounts that were registered already
     * @param created  accounts registered now
     * @param failed   requests refused or failed
     * @param firstError the first failure, or null
     */
    public record Result(long existing, long created, long failed, double seconds, String firstError) {
        public String line() {
            return String.format(Locale.ROOT, "%d registered now, %d already there, %d failed in %.1f s%s", created,
                    existing, failed, seconds, firstError == null ? "" : " (first failure: " + firstError + ")");
        }
    }

    public DeviceRegistrar(ServerApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Requests in flight at once (default 16). */
    public DeviceRegistrar concurrency(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + n);
        }
        this.concurrency = n;
        return this;
    }

    /** The municipality the devices are registered to (default none: their alarms are unroutable). */
    public DeviceRegistrar municipality(String id) {
        this.municipalityId = id;
        return this;
    }

    /** Registers the devices as supervised with this interval (default none). */
    public DeviceRegistrar supervisionInterval(java.time.Duration interval) {
        this.supervisionInterval = interval;
        return this;
    }

    /** The accounts the server knows now. */
    public Set<String> existing() throws IOException, InterruptedException {
        JsonArray items = api.get("/api/v1/devices").getJsonArray("items");
        Set<String> accounts = new HashSet<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                String a = items.getJsonObject(i).getString("account");
                if (a != null) {
                    accounts.add(a.toUpperCase(Locale.ROOT));
                }
            }
        }
        return accounts;
    }

    /**
     * Registers every account of the range the server does not know yet; {@code progress} gets a line about every
     * five seconds and at the end.
     */
    public Result register(AccountRange accounts, Consumer<String> progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Set<String> known = existing();
        Semaphore slots = new Semaphore(concurrency);
        LongAdder created = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long existing = 0;
        long todo = 0;
        for (long i = 0; i < accounts.size(); i++) {
            if (known.contains(accounts.account(i))) {
                existing++;
            }
        }
        todo = accounts.size() - existing;
        progress.accept(String.format(Locale.ROOT, "register: %d of %d accounts already known, registering %d "
                + "(%d at a time)", existing, accounts.size(), todo, concurrency));
        long lastProgress = System.nanoTime();
        for (long i = 0; i < accounts.size(); i++) {
            String account = accounts.account(i);
            if (known.contains(account)) {
                continue;
            }
            slots.acquire();
            JsonObject body = new JsonObject().put("label", labelPrefix + account);
            if (municipalityId != null) {
                body.put("municipalityId", municipalityId);
            }
            if (supervisionInterval != null) {
                body.put("supervisionInterval", supervisionInterval.toString());
            }
            api.putAsync("/api/v1/admin/devices/" + account, body).whenComplete((r, e) -> {
                try {
                    if (e == null && (r.statusCode() == 200 || r.statusCode() == 201)) {
                        created.increment();
                    } else {
                        failed.increment();
                        firstError.compareAndSet(null, e != null ? String.valueOf(e)
                                : account + ": " + r.statusCode() + " " + ServerApi.snippet(r.body()));
                    }
                } finally {
                    slots.release();
                }
            });
            long now = System.nanoTime();
            if (now - lastProgress > TimeUnit.SECONDS.toNanos(5)) {
                lastProgress = now;
                long done = created.sum() + failed.sum();
                progress.accept(String.format(Locale.ROOT, "register: %d/%d (%.0f/s, %d failed)", done, todo,
                        done / ((now - start) / 1e9), failed.sum()));
            }
        }
        if (!slots.tryAcquire(concurrency, 5, TimeUnit.MINUTES)) {
            throw new IOException("registration requests did not finish within 5 minutes");
        }
        Result result = new Result(existing, created.sum(), failed.sum(), (System.nanoTime() - start) / 1e9,
                firstError.get());
        progress.accept("register: " + result.line());
        return result;
    }
}

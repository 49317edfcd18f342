-- Singleton jobs on several nodes sharing one database: a lease per job (coverage check, overdue justifications,
-- retention purge, device supervision, demo rosters, webhook delivery). The node named in holder runs the job until
-- expires_at; it renews the lease well before then. Another node takes over only an expired lease, and every takeover
-- raises epoch, so writes fenced with an older epoch (a node that was frozen or cut off past its lease) are refused.
-- expires_at is computed and compared by the database's clock (CURRENT_TIMESTAMP), so the nodes' clocks do not
-- matter. Rows are made by the server on first use; an unheld row has holder NULL and an expires_at in the past.
-- Portable between H2 and PostgreSQL; instants in UTC.
CREATE TABLE leases (
    job         VARCHAR(64) NOT NULL PRIMARY KEY,
    holder      VARCHAR(64),
    epoch       BIGINT      NOT NULL,
    acquired_at TIMESTAMP WITH TIME ZONE,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- SCAIP voice (issue 14). Per supplier: whether a SCAIP device whose alarm is routed to this supplier is told
-- (<mrs> cre 62 + tnu) to place its voice call to the supplier's 24/7 phone instead of the receiver it is configured
-- with. Off for every supplier on record and by default, so nothing changes until an administrator turns it on.
-- Portable between H2 and PostgreSQL.
ALTER TABLE suppliers ADD COLUMN scaip_voice_calls_desk BOOLEAN DEFAULT FALSE NOT NULL;

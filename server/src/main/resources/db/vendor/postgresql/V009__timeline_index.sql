-- Nothing to do on PostgreSQL: it creates no index for a foreign key, so alarm_timeline_alarm is the only one
-- (the H2 script drops H2's duplicate).
SELECT 1;

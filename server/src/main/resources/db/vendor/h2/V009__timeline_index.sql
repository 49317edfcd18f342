-- H2 made its own index on alarm_timeline (alarm_id) for the foreign key to alarms, beside alarm_timeline_alarm
-- (alarm_id, id): every timeline line was written into both. The foreign key's index serves the reads as well (H2
-- keeps an index's rows in row id order, and the row id is the line's id), so the second one goes.
DROP INDEX alarm_timeline_alarm;

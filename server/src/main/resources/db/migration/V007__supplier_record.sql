-- Issue 10, the supplier side. Portable between H2 and PostgreSQL; every new column is nullable, so rows recorded
-- before keep their meaning (no phone on record, not suspended, no notice override, no reason).
--
-- suppliers: the 24/7 phone (døgntelefon) and who to ask for on it, shown to supervisors beside every escalation;
-- and a suspension with immediate effect (bankruptcy, 000 Norddjurs §3.1 »Beredskab«): from suspended_at (UTC) the
-- supplier's citizens' alarms go to the municipal home care. suspension_reason is set exactly when suspended_at is.
ALTER TABLE suppliers ADD COLUMN phone VARCHAR(30);
ALTER TABLE suppliers ADD COLUMN contact_person VARCHAR(200);
ALTER TABLE suppliers ADD COLUMN suspended_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE suppliers ADD COLUMN suspension_reason VARCHAR(1000);

-- supplier_choices: why an administrator let a change of supplier take effect earlier than the municipality's notice
-- period allows (002 Viborg §10.6, 003 Odder §4.16, 004 Horsens: the municipality may accept a shorter notice).
ALTER TABLE supplier_choices ADD COLUMN notice_override_reason VARCHAR(1000);

-- reference_history: why a change was made, where the change has a stated reason (a suspension, a reinstatement, a
-- notice override); null for ordinary edits.
ALTER TABLE reference_history ADD COLUMN reason VARCHAR(1000);

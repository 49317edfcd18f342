-- The citizen card on the desk (issue 13): what a dispatcher and a worker need to help, besides name, address and the
-- key note. All optional; a citizen recorded before has none of them. Portable between H2 and PostgreSQL.
--   phone            the citizen's own phone (Danish 8 digits or + country code)
--   language         the language to speak to the citizen in, as a language tag (da, de, tr ...)
--   medical_note     what a responder must know about the citizen's health (diabetes, pacemaker, blood thinners)
--   practical_note   how to get about the home (dog, hard of hearing, light switch at the door)
--   key_box_location where the key box is (the key note says how the responder gets in)
--   key_box_code     the key box's code: never in a queue, a push or a log; shown on request to the holder's staff
--                    of an open call, and every showing is on the call's timeline and the citizen's access log (the
--                    municipality's key instruction, 003 Odder bilag 4)
--   contacts         relatives and others to call, a JSON array of {name, relation, phone}
ALTER TABLE citizens ADD COLUMN phone VARCHAR(30);
ALTER TABLE citizens ADD COLUMN language VARCHAR(35);
ALTER TABLE citizens ADD COLUMN medical_note VARCHAR(2000);
ALTER TABLE citizens ADD COLUMN practical_note VARCHAR(2000);
ALTER TABLE citizens ADD COLUMN key_box_location VARCHAR(500);
ALTER TABLE citizens ADD COLUMN key_box_code VARCHAR(20);
ALTER TABLE citizens ADD COLUMN contacts VARCHAR(4000);

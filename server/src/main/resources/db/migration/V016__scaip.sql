-- SCAIP receiver (issue 14). A device speaks one protocol: DC-09 (accounts of hex digits) or SCAIP (controller ids
-- of digits, the <mrq> cid); the receivers of one protocol treat a device of the other as unknown. A SCAIP controller
-- may have a password (SIP digest authentication; stored like DC-09 keys, never returned by the API) and the model's
-- quirk: how it expects the <mrs> answer (MESSAGE or BODY). An alarm keeps the device's voice call-back address
-- (<crd>: sip:..., gsm:+45..., no-voice:) so that the desk can show the number to call back.
ALTER TABLE devices ADD COLUMN protocol VARCHAR(8) DEFAULT 'DC09' NOT NULL;
ALTER TABLE devices ADD COLUMN sip_password VARCHAR(64);
ALTER TABLE devices ADD COLUMN mrs_style VARCHAR(16);
ALTER TABLE alarms ADD COLUMN callback_address VARCHAR(256);

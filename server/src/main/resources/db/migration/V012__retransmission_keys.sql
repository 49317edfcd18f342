-- What makes two receipts the same message (store/RetransmissionKeys), kept in the database so that every node
-- on one database recognises a retransmission: a device that gave up on one node and retries on another gets the
-- alarm stored first, ACKed again, never a second one. The key is hashed (SHA-256, hex): a DC-09 key holds the
-- whole data block. Rows older than the retransmission window are pruned by a periodic job; no foreign key, so the
-- alarms' retention never waits on them. Alarms stored before this migration have no keys: a retransmission of
-- one of them arriving right after the upgrade (within dc09.retransmit-window) would be stored once more.
CREATE TABLE retransmission_keys (
    key_hash    VARCHAR(64) NOT NULL PRIMARY KEY,
    alarm_id    BIGINT      NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX retransmission_keys_received ON retransmission_keys (received_at);

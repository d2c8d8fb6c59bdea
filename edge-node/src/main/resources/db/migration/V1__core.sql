-- Idempotency index: derived from the lane journals (rebuilt after a crash from index_mark onwards).
-- Looked up by a 64-bit hash of the key (then compared in full): a B-tree of longs appended in batches
-- costs far less per insert than one of 600-character strings. Uniqueness is the ingest pipeline's job
-- (it reserves a key before journaling it); this table only remembers.
CREATE TABLE idempotency_key (
    key_hash      BIGINT       NOT NULL,
    idem_key      VARCHAR(600) NOT NULL,
    event_id      VARCHAR(36)  NOT NULL,
    lane          VARCHAR(16)  NOT NULL,
    lane_seq      BIGINT       NOT NULL,
    journal_index BIGINT       NOT NULL,
    content_hash  VARCHAR(64)
);
CREATE INDEX idempotency_key_hash ON idempotency_key (key_hash);

-- How far each lane journal has been indexed; the index above is complete up to here.
CREATE TABLE index_mark (
    lane          VARCHAR(16) PRIMARY KEY,
    lane_seq      BIGINT      NOT NULL,
    journal_index BIGINT      NOT NULL
);

-- Input the node could not accept, kept whole so nothing is lost and a person can act on it.
CREATE TABLE dead_letter (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    channel         VARCHAR(16)   NOT NULL,
    source_system   VARCHAR(256),
    correlation_id  VARCHAR(64)   NOT NULL,
    idem_key        VARCHAR(600),
    payload_sha256  VARCHAR(64)   NOT NULL,
    payload_size    INT           NOT NULL,
    content_type    VARCHAR(64)   NOT NULL,
    error           VARCHAR(2000) NOT NULL,
    priority        VARCHAR(16),
    status          VARCHAR(16)   NOT NULL,
    raw_truncated   BOOLEAN       NOT NULL,
    raw             BLOB          NOT NULL
);
CREATE INDEX dead_letter_status ON dead_letter (status);

-- API tokens, stored as SHA-256 of the secret (tokens are 256-bit random, so a plain hash suffices).
CREATE TABLE api_token (
    id           VARCHAR(36)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    device_id    VARCHAR(128),
    token_sha256 VARCHAR(64)  NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);

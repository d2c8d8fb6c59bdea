-- Store-and-forward (issue 5): sync cursors, resend and replay queues, reconciliations, audit trail.
-- Nothing in these tables is ever deleted: rows change state and keep their history.

-- How far each lane has been answered by the cloud: (laneSeq, journal index) of the last answered event.
-- Advanced only after the cloud answered, in the same transaction as the reconciliations that answer opened.
CREATE TABLE sync_cursor (
    lane          VARCHAR(16) PRIMARY KEY,
    lane_seq      BIGINT      NOT NULL,
    journal_index BIGINT      NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Events to send again with their original id and laneSeq (the "resend" resolution). A row stays pending
-- until the cloud answered for it; then it keeps the verdict.
CREATE TABLE sync_resend (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    lane              VARCHAR(16) NOT NULL,
    lane_seq          BIGINT      NOT NULL,
    journal_index     BIGINT      NOT NULL,
    event_id          VARCHAR(36) NOT NULL,
    reconciliation_id BIGINT,
    requested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at       TIMESTAMP WITH TIME ZONE,
    verdict           VARCHAR(16)
);
CREATE INDEX sync_resend_pending ON sync_resend (lane, answered_at);

-- Admin replays of a laneSeq range (or receivedAt range): a separate pass that never moves the cursor back.
-- next_seq is the progress of the pass, committed with each answered batch.
CREATE TABLE sync_replay (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    lane         VARCHAR(16)  NOT NULL,
    from_seq     BIGINT       NOT NULL,
    to_seq       BIGINT       NOT NULL,
    from_time    TIMESTAMP WITH TIME ZONE,
    to_time      TIMESTAMP WITH TIME ZONE,
    next_seq     BIGINT       NOT NULL,
    sent         BIGINT       NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sync_replay_open ON sync_replay (lane, finished_at);

-- One row per disputed verdict (conflict or rejected) from the cloud: the event's summary, the cloud's
-- reason and view, and its state: open, then resolved with one of resend, reattribute, void, accept.
CREATE TABLE reconciliation (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id           VARCHAR(36)   NOT NULL,
    idem_key           VARCHAR(600)  NOT NULL,
    lane               VARCHAR(16)   NOT NULL,
    lane_seq           BIGINT        NOT NULL,
    journal_index      BIGINT        NOT NULL,
    kind               VARCHAR(16)   NOT NULL,
    patient_id         VARCHAR(128),
    encounter_id       VARCHAR(128),
    ward               VARCHAR(128),
    bed                VARCHAR(128),
    device_id          VARCHAR(128),
    verdict            VARCHAR(16)   NOT NULL,
    reason             VARCHAR(2000),
    cloud_view         VARCHAR(8000),
    status             VARCHAR(16)   NOT NULL,
    opened_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    resolution         VARCHAR(16),
    resolved_by        VARCHAR(200),
    resolved_at        TIMESTAMP WITH TIME ZONE,
    resolution_reason  VARCHAR(2000),
    follow_up_event_id VARCHAR(36)
);
CREATE INDEX reconciliation_status ON reconciliation (status);

-- What happened to each reconciliation, oldest first (opened, resolved, resend answered, ...).
CREATE TABLE reconciliation_history (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    reconciliation_id BIGINT        NOT NULL,
    at                TIMESTAMP WITH TIME ZONE NOT NULL,
    action            VARCHAR(32)   NOT NULL,
    actor             VARCHAR(200)  NOT NULL,
    detail            VARCHAR(2000)
);
CREATE INDEX reconciliation_history_rec ON reconciliation_history (reconciliation_id);

-- Who did what, when, to what, and why. Each row carries the SHA-256 of the previous row's hash and its own
-- fields, so a changed or removed row breaks the chain (verification is another feature's).
CREATE TABLE audit_log (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    at        TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id  VARCHAR(64),
    actor     VARCHAR(200)  NOT NULL,
    action    VARCHAR(64)   NOT NULL,
    target    VARCHAR(200)  NOT NULL,
    reason    VARCHAR(2000),
    prev_hash VARCHAR(64)   NOT NULL,
    hash      VARCHAR(64)   NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head: one row, locked by every appender so that concurrent appends chain in commit order.
CREATE TABLE audit_head (
    id        INT          PRIMARY KEY,
    last_hash VARCHAR(64)  NOT NULL
);
INSERT INTO audit_head (id, last_hash) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');

-- Operator alerts: the node's own conditions (cloud unreachable, lanes refusing, silent devices, ...), one row per
-- episode from raise to clear. Nothing is deleted.
CREATE TABLE operator_alert (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    condition_id    VARCHAR(64)   NOT NULL,
    cause           VARCHAR(1000),
    runbook         VARCHAR(200),
    status          VARCHAR(16)   NOT NULL,
    raised_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    cleared_at      TIMESTAMP WITH TIME ZONE,
    acknowledged_by VARCHAR(200),
    acknowledged_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX operator_alert_status ON operator_alert (status);

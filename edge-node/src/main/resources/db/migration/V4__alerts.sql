-- Local alerts raised by the node itself; acknowledged ones stay (nothing is deleted).
CREATE TABLE alert (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    rule             VARCHAR(100) NOT NULL,
    ward             VARCHAR(64),
    bed              VARCHAR(64),
    device_id        VARCHAR(128),
    patient_id       VARCHAR(128),
    code             VARCHAR(64)  NOT NULL,
    reading          DOUBLE PRECISION NOT NULL,
    level            INT          NOT NULL,
    raised_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    occurrences      INT          NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    acknowledged_by  VARCHAR(200),
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    trigger_event_id VARCHAR(36)
);
CREATE INDEX alert_status ON alert (status);

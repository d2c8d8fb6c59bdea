-- Break-glass (issue 6): an operator's time-limited elevation to admin, with its reason. Rows are never
-- deleted; an elevation ends by expiry or by its holder ending it early (end_cause expired | ended).
CREATE TABLE break_glass (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    token_id   VARCHAR(64)   NOT NULL,
    actor      VARCHAR(200)  NOT NULL,
    reason     VARCHAR(2000) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at   TIMESTAMP WITH TIME ZONE,
    end_cause  VARCHAR(16)
);
CREATE INDEX break_glass_open ON break_glass (ended_at);

-- A resend of input that is already an open dead letter (same channel, same bytes) adds no second row: the
-- first one counts it. repeats: how many times the same input came again after the first; last_seen_at: when
-- it last came (null until it comes again).
ALTER TABLE dead_letter ADD COLUMN repeats INT DEFAULT 0 NOT NULL;
ALTER TABLE dead_letter ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX dead_letter_sha ON dead_letter (payload_sha256);

-- Reprocessing dead letters (issue 7). Version 7 on purpose: 5 and 6 are left to work landing in parallel.
-- origin: where the input arrived within its channel (the MQTT topic: observations or alarms), so that it
-- can be fed through the same path again. reprocessed_event_id: the event a reprocessed dead letter became.
ALTER TABLE dead_letter ADD COLUMN origin VARCHAR(300);
ALTER TABLE dead_letter ADD COLUMN reprocessed_event_id VARCHAR(36);

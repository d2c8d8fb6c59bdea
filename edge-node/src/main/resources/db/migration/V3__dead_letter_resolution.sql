-- A person closes a dead letter (discard) with a reason; nothing is deleted, the row keeps who, when and why.
ALTER TABLE dead_letter ADD COLUMN resolved_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE dead_letter ADD COLUMN resolved_by VARCHAR(200);
ALTER TABLE dead_letter ADD COLUMN resolution_reason VARCHAR(2000);

-- An alert raised by a flagged lab result may carry text ("POSITIVE") rather than a number; both keep the unit.
ALTER TABLE alert ALTER COLUMN reading SET NULL;
ALTER TABLE alert ADD COLUMN unit VARCHAR(64);
ALTER TABLE alert ADD COLUMN value_text VARCHAR(200);

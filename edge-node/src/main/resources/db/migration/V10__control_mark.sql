-- How far the database has applied the node control journal (its Chronicle index; -1: nothing yet).
-- The database is a projection of that journal: on damage it is rebuilt from it.
CREATE TABLE control_mark (
    id            INT    PRIMARY KEY,
    journal_index BIGINT NOT NULL
);
INSERT INTO control_mark (id, journal_index) VALUES (1, -1);

-- item, with two rows to carry through a backup.
CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER);
INSERT INTO item (id, n) VALUES (1, 5), (2, 7);

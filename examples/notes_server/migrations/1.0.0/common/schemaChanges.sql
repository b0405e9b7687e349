-- notes_server 1.0.0: the notes.
CREATE TABLE note (
    id INTEGER NOT NULL PRIMARY KEY,
    body VARCHAR(2000) NOT NULL,
    created_at VARCHAR(40) NOT NULL
);

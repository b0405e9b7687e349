-- notes_server 1.2.0: the longest notes first.
CREATE INDEX note_words ON note (words);

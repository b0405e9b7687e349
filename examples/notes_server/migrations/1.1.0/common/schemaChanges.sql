-- notes_server 1.1.0: a word count per note, filled for existing notes by the Rust
-- step `count_words` (see rust-steps.txt), kept up to date by the server from then on.
ALTER TABLE note ADD COLUMN words INTEGER;

-- m, filled by the Rust step `fill`.
ALTER TABLE item ADD COLUMN m INTEGER;

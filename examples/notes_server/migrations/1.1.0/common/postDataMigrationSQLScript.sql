-- After the Rust step: every note has its count.
UPDATE note SET words = 0 WHERE words IS NULL;

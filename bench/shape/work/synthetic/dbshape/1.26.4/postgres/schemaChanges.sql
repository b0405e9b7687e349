-- 1.26.4: rename_column_bt_142, index_bt_026
ALTER TABLE bt_142 RENAME COLUMN c_0651 TO c_0670;
CREATE INDEX bix_120 ON bt_026 (c_0125);

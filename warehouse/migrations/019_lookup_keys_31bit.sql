-- 019: lookup_keys.h keeps 31 bits of the MD5 instead of 60 (an INTEGER,
-- not a BIGINT). A batch reads the whole column in one scan (4 M keys at
-- a million reports, in no order of their hashes, so no row group is
-- skipped), into a buffer pool that each open starts empty: half the
-- bytes made that first scan ~35 % cheaper (docs/benchmarks.md, batch7).
-- A hash only ever finds candidates, whose strings the lookup checks (010),
-- so the few more collisions (a 31-bit hash shared by one key in ~500 at
-- 4 M keys) cost a row read, never a wrong answer. The first 31 bits of
-- the 60 are the first 31 of the MD5 (keyHash, lookups_keys.go).
CREATE TABLE lookup_keys_31 (
	h    INTEGER NOT NULL,
	kind UTINYINT NOT NULL,
	id   BIGINT NOT NULL
);

INSERT INTO lookup_keys_31 SELECT (h >> 29)::INTEGER, kind, id FROM lookup_keys;

DROP TABLE lookup_keys;

ALTER TABLE lookup_keys_31 RENAME TO lookup_keys;

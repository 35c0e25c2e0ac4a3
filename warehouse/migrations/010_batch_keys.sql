-- 010: keyed access for a batch (issue 17). A batch of 20 reports must not
-- read the whole warehouse to learn what it already holds, nor audit more
-- than the reports it changes. DuckDB prunes a scan by a column's min/max
-- per vector, which helps columns stored in order (ids) but not strings or
-- hashes; these two side tables turn the batch's string keys into ids, and
-- a report's narrative into the band hashes its peers are found by.

-- lookup_keys: every document's url and sha256 and every report's url and
-- fingerprint, as the first 60 bits of their MD5 (a BIGINT compares in a
-- fraction of a string's time), kind saying which: 1 document url, 2
-- document sha256, 3 report url, 4 report fingerprint; id is the document
-- or report. A lookup reads the ids of the batch's hashes here, then the
-- rows by those ids, checking the strings themselves: a key left behind by
-- a re-extraction that changed a fingerprint, or a collision, finds a row
-- the check drops, never misses one.
CREATE TABLE lookup_keys (
	h    BIGINT NOT NULL,
	kind UTINYINT NOT NULL,
	id   BIGINT NOT NULL
);

INSERT INTO lookup_keys
SELECT ('0x' || left(md5(url), 15))::BIGINT, 1, id FROM documents
UNION ALL
SELECT ('0x' || left(md5(sha256), 15))::BIGINT, 2, id FROM documents WHERE sha256 IS NOT NULL
UNION ALL
SELECT ('0x' || left(md5(url), 15))::BIGINT, 3, id FROM reports
UNION ALL
SELECT ('0x' || left(md5(fingerprint), 15))::BIGINT, 4, id FROM reports WHERE fingerprint IS NOT NULL;

-- report_bands: report_audit.bands one row a band (band 1 to 16), so that
-- the copying_peers rule finds the reports sharing a band with a batch's
-- reports by a join the scan of h is filtered by, instead of unnesting the
-- bands of every report of the year.
CREATE TABLE report_bands (
	report_id BIGINT NOT NULL,
	band      UTINYINT NOT NULL,
	h         UBIGINT NOT NULL
);

INSERT INTO report_bands
SELECT report_id, band, h FROM (
	SELECT report_id, unnest(bands) AS h, generate_subscripts(bands, 1) AS band
	FROM report_audit WHERE bands IS NOT NULL
) ORDER BY report_id, band;

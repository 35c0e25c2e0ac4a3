-- 009: the audit (issue 13): what the rule catalogue reads about each
-- report beyond its cells, and the findings of the rules that run in the
-- warehouse. No PRIMARY KEY indexes (see 005): the one writer keeps
-- report_id unique in report_audit.

-- report_audit: one row per report written since 009. published_from says
-- where reports.published was read (page, meta, properties, url);
-- narrative_chars and minhash describe the narrative (sections 一, 五 and
-- 六) that the copying rules compare: a MinHash signature of its 5-character
-- shingles (128 hashes) and the 16 band hashes of 8 that find near-duplicate
-- pairs without comparing every pair.
CREATE TABLE report_audit (
	report_id       BIGINT NOT NULL,
	published_from  VARCHAR,
	narrative_chars INTEGER NOT NULL,
	minhash         UINTEGER[],
	bands           UBIGINT[]
);

-- report_sections: the text of each numbered section found (一 to 六).
CREATE TABLE report_sections (
	report_id BIGINT NOT NULL,
	section   VARCHAR NOT NULL,
	title     VARCHAR NOT NULL,
	text      VARCHAR NOT NULL
);

-- report_tables: how much of each standard table was read (rows of the
-- form's), and why a table is missing or cut.
CREATE TABLE report_tables (
	report_id BIGINT NOT NULL,
	"table"   VARCHAR NOT NULL,
	rows_read INTEGER NOT NULL,
	rows_form INTEGER NOT NULL,
	note      VARCHAR
);

-- findings: the results of the rules of the catalogue that run in the
-- warehouse (C5, C7, C8, completeness, timeliness, copying, copying_peers,
-- yoy_jump), like checks: ok is true (holds), false (fails) or NULL (not
-- assessable: a cell is null, last year's report is missing). id is stable
-- across reruns: a hash of the rule, the agency (or the report when it has
-- none), the year, the subject and the other report's agency.
CREATE TABLE findings (
	id              VARCHAR NOT NULL,
	rule            VARCHAR NOT NULL,
	report_id       BIGINT NOT NULL,
	agency_id       BIGINT,
	year            INTEGER,
	subject         VARCHAR,
	ok              BOOLEAN,
	expected        DOUBLE,
	actual          DOUBLE,
	figure          DOUBLE,
	cells           VARCHAR[],
	other_report_id BIGINT,
	other_cells     VARCHAR[],
	detail          VARCHAR,
	message         VARCHAR,
	checked_at      TIMESTAMP NOT NULL
);

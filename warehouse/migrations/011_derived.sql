-- 011: tables derived from the others and kept per batch (issue 17), so
-- that the quality, overview and audit pages read what they show instead
-- of aggregating the whole warehouse on each visit. Every batch replaces
-- the rows of what it touched, in its own transaction (derived.go,
-- sql/derived_*.sql); `touming check` rebuilds them whole. This migration
-- only creates them, reading no other table (migrations land in any
-- order); the open that applied it fills them, in SQL, from
-- sql/derived_*.sql over every report, and records it in derived_state.

-- derived_reports: one row per latest report (see sql/derived_reports.sql).
CREATE TABLE derived_reports (
	report_id     BIGINT NOT NULL,
	agency_id     BIGINT,
	agency        VARCHAR,
	year          INTEGER,
	url           VARCHAR NOT NULL,
	kind          VARCHAR NOT NULL,
	province_code VARCHAR,
	failed_checks BIGINT NOT NULL,
	failed_rules  VARCHAR,
	arith_ok      BOOLEAN,
	carry_ok      BOOLEAN,
	on_time       BOOLEAN,
	complete      BOOLEAN,
	copied        BOOLEAN
);

-- derived_conflicts: alternative copies whose cells differ from their
-- chosen report's (see sql/derived_conflicts.sql).
CREATE TABLE derived_conflicts (
	copy_id         BIGINT NOT NULL,
	chosen_id       BIGINT NOT NULL,
	agency_id       BIGINT,
	year            INTEGER,
	copy_url        VARCHAR NOT NULL,
	chosen_url      VARCHAR NOT NULL,
	differing_cells BIGINT NOT NULL,
	cells           VARCHAR NOT NULL
);

-- derived_documents: each URL's latest document (see sql/derived_documents.sql).
CREATE TABLE derived_documents (
	url       VARCHAR NOT NULL,
	id        BIGINT NOT NULL,
	source_id VARCHAR,
	status    VARCHAR NOT NULL
);

-- derived_state: whether the derived tables have been filled (false until
-- the first fill after this migration; a failed fill is retried on the
-- next read-write open).
CREATE TABLE derived_state (filled BOOLEAN NOT NULL);
INSERT INTO derived_state VALUES (false);

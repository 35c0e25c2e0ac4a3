-- 005: the pipeline (issue 14) and batch writes that do not grow with the
-- warehouse (issue 17).
--
-- documents and reports lose their PRIMARY KEY indexes: DuckDB rewrites an
-- ART index whole at every checkpoint, so closing the file after a batch of
-- 20 documents cost ~0.3 s at 100 k reports and ten times that at 1 M. The
-- one writer numbers ids (max + 1 inside its transaction), so they stay
-- unique. CREATE TABLE AS keeps every column, including those added by
-- other migrations.
CREATE TABLE documents_005 AS SELECT * FROM documents ORDER BY id;
DROP TABLE documents;
ALTER TABLE documents_005 RENAME TO documents;
CREATE TABLE reports_005 AS SELECT * FROM reports ORDER BY id;
DROP TABLE reports;
ALTER TABLE reports_005 RENAME TO reports;

-- batches: every batch a loader wrote, by the id its producer gave it (run,
-- site, sequence): a batch delivered twice (a redelivered notice, a worker
-- that resumed) is written once.
CREATE TABLE batches (
	id        VARCHAR PRIMARY KEY,
	run_id    VARCHAR,
	items     INTEGER NOT NULL,
	loaded_at TIMESTAMP NOT NULL
);

-- crawl_runs: the history of crawl runs, like Scrapy's stats: one row per
-- run and source, and one per run with source_id NULL for the run's
-- totals. Request counts are per host: a source's row carries them when
-- its host serves no other source of the run, the run's row always.
CREATE TABLE crawl_runs (
	run_id        VARCHAR NOT NULL,
	source_id     VARCHAR,
	started_at    TIMESTAMP NOT NULL,
	finished_at   TIMESTAMP,
	finish_reason VARCHAR NOT NULL, -- finished, cancelled, failed
	requests      BIGINT,
	responses     MAP(VARCHAR, BIGINT), -- HTTP status → count
	retries       BIGINT,
	bytes         BIGINT,
	elapsed_s     DOUBLE,
	pages         BIGINT,
	reports_new   BIGINT,
	reports_changed   BIGINT,
	reports_unchanged BIGINT,
	reports_failed    BIGINT,
	skipped       BIGINT
);

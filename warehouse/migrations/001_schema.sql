-- 001: the warehouse's tables. Migrations are append-only: never edit a
-- numbered file once committed; add the next number instead.

-- sources: the portals that publish reports (the sources file of a crawl).
CREATE TABLE sources (
	id          VARCHAR PRIMARY KEY,
	name        VARCHAR,
	region_code VARCHAR,
	start_urls  VARCHAR[],
	updated_at  TIMESTAMP
);

-- documents: every file fetched or read, one row per distinct content seen
-- at a URL; a failed fetch or extraction is a row with its status and error.
CREATE TABLE documents (
	id            BIGINT PRIMARY KEY,
	url           VARCHAR NOT NULL,
	final_url     VARCHAR,
	fetched_at    TIMESTAMP,
	content_type  VARCHAR,
	sha256        VARCHAR,
	size          BIGINT,
	http_status   INTEGER,
	etag          VARCHAR,
	last_modified VARCHAR,
	status        VARCHAR NOT NULL,
	error         VARCHAR,
	source_id     VARCHAR,
	title         VARCHAR,
	parent        VARCHAR,
	-- report_id is the report this document holds; several documents (a
	-- redirect, a tracking query string) may hold the same report.
	report_id     BIGINT,
	loaded_at     TIMESTAMP
);

-- reports: one row per version of a report. url is the final URL of the
-- document that holds the tables; a new content at that URL is a new
-- version, and latest marks the newest one.
CREATE TABLE reports (
	id          BIGINT PRIMARY KEY,
	document_id BIGINT NOT NULL,
	source_id   VARCHAR,
	url         VARCHAR NOT NULL,
	agency      VARCHAR,
	region_code VARCHAR,
	region_name VARCHAR,
	year        INTEGER,
	template    VARCHAR,
	title       VARCHAR,
	published   VARCHAR,
	version     INTEGER NOT NULL,
	latest      BOOLEAN NOT NULL,
	fingerprint VARCHAR,
	loaded_at   TIMESTAMP
);

-- cells: every value cell as read. canonical marks the one row per key that
-- carries the report's value (a key with no cell gets a 'missing' row).
CREATE TABLE cells (
	report_id BIGINT NOT NULL,
	key       VARCHAR NOT NULL,
	value     DOUBLE,
	raw       VARCHAR,
	class     VARCHAR,
	"table"   VARCHAR,
	"row"     INTEGER,
	col       INTEGER,
	row_label VARCHAR,
	col_label VARCHAR,
	canonical BOOLEAN NOT NULL
);

-- checks: the checking relations (勾稽关系) run on each report.
CREATE TABLE checks (
	report_id BIGINT NOT NULL,
	rule      VARCHAR NOT NULL,
	subject   VARCHAR,
	ok        BOOLEAN NOT NULL,
	expected  DOUBLE,
	actual    DOUBLE,
	cells     VARCHAR[],
	message   VARCHAR
);

-- regions: GB/T 2260 division codes (province, city, county), shipped with
-- touming and refreshed on open when the shipped list changes.
CREATE TABLE regions (
	code   VARCHAR PRIMARY KEY,
	level  VARCHAR NOT NULL,
	name   VARCHAR NOT NULL,
	parent VARCHAR
);

-- fields: the canonical field list (fields.tsv), refreshed on open.
CREATE TABLE fields (
	key      VARCHAR PRIMARY KEY,
	"table"  VARCHAR NOT NULL,
	template VARCHAR NOT NULL,
	"row"    VARCHAR NOT NULL,
	"column" VARCHAR NOT NULL,
	unit     VARCHAR NOT NULL,
	kind     VARCHAR NOT NULL
);

-- catalog: a hash of what was last refreshed on open (fields, regions, views).
CREATE TABLE catalog (
	name VARCHAR PRIMARY KEY,
	hash VARCHAR NOT NULL
);

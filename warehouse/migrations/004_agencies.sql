-- 004: agencies, the bodies that publish reports, and one report per agency
-- and year.
--
-- agencies: one row per publishing body, with a stable id across years and
-- name variants (沭阳县人民政府办公室 / 沭阳县政府办公室 are one agency).
-- key is what makes two names one body (its region, kind and department
-- type or name); kind and dept_type are derived from the name by the
-- shipped department dictionary (departments.tsv) and are re-derived when
-- it changes, keeping ids: an agency whose key is unchanged keeps its id.
CREATE TABLE agencies (
	id          BIGINT PRIMARY KEY,
	key         VARCHAR NOT NULL UNIQUE,
	name        VARCHAR NOT NULL, -- the name of its newest report
	region_code VARCHAR,
	region_name VARCHAR,
	kind        VARCHAR NOT NULL,
	dept_type   VARCHAR
);

-- agency_names: every name an agency was published under.
CREATE TABLE agency_names (
	agency_id BIGINT NOT NULL,
	name      VARCHAR NOT NULL,
	PRIMARY KEY (agency_id, name)
);

-- reports.latest now means "the one report of its agency and year":
-- url_latest keeps the old meaning (the newest version at its URL), and
-- among the url_latest reports of one agency-year the chosen one is latest
-- while the others are alternative copies (alternative_of = the chosen
-- report's id). Every view that reads latest counts an agency-year once.
-- DuckDB cannot update a table altered in the same transaction: the next
-- read-write open copies latest into url_latest where it is null and
-- applies the rule (warehouse/agency_upgrade.go).
ALTER TABLE reports ADD COLUMN url_latest BOOLEAN;
ALTER TABLE reports ADD COLUMN agency_id BIGINT;
ALTER TABLE reports ADD COLUMN alternative_of BIGINT;

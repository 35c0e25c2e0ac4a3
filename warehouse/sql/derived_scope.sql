-- derived_scope: the reports whose derived rows (derived_reports,
-- derived_conflicts) a batch may have changed, from derived_touched (the
-- report ids the batch wrote, re-flagged or re-read; every report for a
-- rebuild). The one-report rule settles whole agency-years, and the audit
-- reruns whole agencies, so every report of an agency touched is in scope:
-- the agency a touched report has now, the agency of its copies, and the
-- agency it had before (derived_reports still holds it: reextract may move
-- a report to another agency, and the one it left chooses again). rid is
-- the report's rowid: derived_reports.sql reads the reports' text by it,
-- not by scanning every report's. Each filter is a query of its own: an
-- OR of two filters on reports is no filter of its scan.
CREATE OR REPLACE TEMP TABLE derived_scope AS
WITH ag AS (
	SELECT agency_id FROM reports WHERE id IN (SELECT id FROM derived_touched)
	UNION
	SELECT agency_id FROM reports WHERE alternative_of IN (SELECT id FROM derived_touched)
	UNION
	SELECT agency_id FROM derived_reports WHERE report_id IN (SELECT id FROM derived_touched)
)
SELECT id AS report_id, rowid AS rid FROM reports WHERE id IN (SELECT id FROM derived_touched)
UNION
SELECT id, rowid FROM reports WHERE agency_id IN (SELECT agency_id FROM ag);

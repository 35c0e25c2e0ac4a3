-- Views for analysts. They are derived, not data: every read-write open
-- re-creates them when this file changes (see catalog.go), so they follow
-- the code without a migration.

-- latest_reports: the newest version of every report.
CREATE OR REPLACE VIEW latest_reports AS
SELECT * FROM reports WHERE latest;

-- report_values: one row per field of each latest report: every key of the
-- report's template (null when the cell was blank, a dash, text or
-- missing), then any further canonical key the report carries.
CREATE OR REPLACE VIEW report_values AS
SELECT r.id AS report_id, r.source_id, r.url, r.agency, r.year, r.template, f.key, c.value
FROM reports r
JOIN fields f ON f.template IN ('both', r.template)
LEFT JOIN cells c ON c.report_id = r.id AND c.key = f.key AND c.canonical
WHERE r.latest
UNION ALL
SELECT r.id, r.source_id, r.url, r.agency, r.year, r.template, c.key, c.value
FROM reports r
JOIN cells c ON c.report_id = r.id AND c.canonical
WHERE r.latest
  AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.key = c.key AND f.template IN ('both', r.template));

-- report_checks: the checking relations of each latest report.
CREATE OR REPLACE VIEW report_checks AS
SELECT r.id AS report_id, r.source_id, r.url, r.agency, r.year, r.template,
       k.rule, k.subject, k.ok, k.expected, k.actual, k.cells, k.message
FROM reports r JOIN checks k ON k.report_id = r.id
WHERE r.latest;

-- one_report: one report per agency and year, for the reports in the temp
-- table settle_scope(id, rid, document_id): every report of the
-- agency-years to settle (write_settle.go: the agency-years of a batch's
-- reports and of their copies, found by their ids; every agency-year with
-- an agency and a year for a whole settle), with its rowid and document,
-- so that reports, documents and cell_values are read by those keys, not
-- scanned whole (testdata/one_report_before.sql did).
-- A report is the newest version of the document at its URL (url_latest);
-- two documents that give the same agency and year are one report: among
-- the url_latest reports of an agency-year, the chosen one is latest and
-- the others are alternative copies (alternative_of = the chosen one).
-- The rule, in order:
--   1. the newest published date (a reissue corrects the earlier copy);
--   2. the most complete: most canonical cells with a number;
--   3. a page over an attachment (the page is what the portal shows);
--   4. the first loaded (lowest id), so that the choice is stable.
-- Reports with no agency or no year are not grouped: latest = url_latest.
-- Statements are separated by lines of "-- next".
WITH ranked AS (
	SELECT r.id, r.url_latest,
		row_number() OVER w AS rn,
		first_value(r.id) OVER w AS chosen
	FROM settle_scope s
	JOIN reports r ON r.rowid = s.rid
	LEFT JOIN (SELECT id, content_type FROM documents WHERE id IN (SELECT document_id FROM settle_scope)) d ON d.id = r.document_id
	LEFT JOIN (SELECT report_id, count(*) AS n FROM cell_values
		WHERE canonical AND value IS NOT NULL AND report_id IN (SELECT id FROM settle_scope)
		GROUP BY report_id) f ON f.report_id = r.id
	WINDOW w AS (PARTITION BY r.agency_id, r.year ORDER BY r.url_latest DESC, r.published DESC NULLS LAST,
		coalesce(f.n, 0) DESC,
		(coalesce(d.content_type, '') LIKE 'text/html%' OR regexp_matches(lower(r.url), '\.s?html?$')) DESC,
		r.id)
)
UPDATE reports SET
	latest = ranked.url_latest AND ranked.rn = 1,
	alternative_of = CASE WHEN ranked.url_latest AND ranked.rn > 1 THEN ranked.chosen END
FROM ranked
-- The scope's ids again, as a filter of the scan of reports: without it
-- DuckDB hashed every report to join ranked's few (0.28 s at 1 M).
WHERE reports.id = ranked.id AND reports.id IN (SELECT id FROM settle_scope)
	AND (reports.latest IS DISTINCT FROM (ranked.url_latest AND ranked.rn = 1)
		OR reports.alternative_of IS DISTINCT FROM CASE WHEN ranked.url_latest AND ranked.rn > 1 THEN ranked.chosen END);
-- next
-- Each agency of settle_named(agency_id) (a batch's reports' agencies) is
-- named after its newest latest report.
UPDATE agencies SET name = n.name
FROM (
	SELECT agency_id, first(agency ORDER BY year DESC, id DESC) AS name
	FROM reports
	WHERE latest AND agency IS NOT NULL AND agency_id IN (SELECT agency_id FROM settle_named)
	GROUP BY agency_id
) n
WHERE agencies.id = n.agency_id AND agencies.name <> n.name;

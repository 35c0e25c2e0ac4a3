-- overview_counts: the overview's headline numbers, one row.
-- failed_documents counts each URL's latest document whose status is an
-- error (not ok, not a page that is simply no report, not an image-only
-- report, which the quality page lists on its own).
WITH latest_docs AS (
	SELECT * FROM documents
	QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1
)
SELECT
	(SELECT count(*) FROM sources) AS sources,
	(SELECT count(*) FROM latest_docs) AS documents,
	(SELECT count(*) FROM latest_docs WHERE status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')) AS failed_documents,
	(SELECT count(*) FROM latest_docs WHERE status IN ('no_tables', 'no_text')) AS image_only,
	(SELECT count(*) FROM reports WHERE latest) AS reports,
	(SELECT count(*) FROM report_checks WHERE NOT ok) AS failed_checks,
	(SELECT count(DISTINCT report_id) FROM report_checks WHERE NOT ok) AS reports_failing_checks

-- overview_counts: the overview's headline numbers, one row.
-- failed_documents counts each URL's latest document whose status is an
-- error (not ok, not a page that is simply no report, not an image-only
-- report, which the quality page lists on its own). Each URL's latest
-- document (derived_documents) and each latest report's failed checks
-- (derived_reports) are kept per batch.
SELECT
	(SELECT count(*) FROM sources) AS sources,
	(SELECT count(*) FROM derived_documents) AS documents,
	(SELECT count(*) FROM derived_documents WHERE status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')) AS failed_documents,
	(SELECT count(*) FROM derived_documents WHERE status IN ('no_tables', 'no_text')) AS image_only,
	(SELECT count(*) FROM reports WHERE latest) AS reports,
	(SELECT CAST(coalesce(sum(failed_checks), 0) AS BIGINT) FROM derived_reports) AS failed_checks,
	(SELECT count(*) FROM derived_reports WHERE failed_checks > 0) AS reports_failing_checks

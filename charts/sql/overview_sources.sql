-- overview_sources: each source with what was fetched from it: its URLs'
-- latest documents (derived_documents), its latest reports, the failed
-- ones among those documents, and when it was last fetched.
WITH d AS (
	SELECT source_id, count(*) AS documents,
		count(*) FILTER (WHERE status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')) AS failed
	FROM derived_documents GROUP BY source_id
), r AS (
	SELECT source_id, count(*) AS reports FROM reports WHERE latest GROUP BY source_id
), f AS (
	SELECT source_id, max(fetched_at) AS last_fetched FROM documents GROUP BY source_id
)
SELECT s.id, s.name, s.region_code,
	coalesce(d.documents, 0) AS documents,
	coalesce(r.reports, 0) AS reports,
	coalesce(d.failed, 0) AS failed_documents,
	f.last_fetched
FROM sources s
LEFT JOIN d ON d.source_id = s.id
LEFT JOIN r ON r.source_id = s.id
LEFT JOIN f ON f.source_id = s.id
ORDER BY s.id

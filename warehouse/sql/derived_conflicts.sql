-- derived_conflicts: each alternative copy whose numbers differ from its
-- agency-year's chosen report (what report_conflict_cells gives, grouped
-- by copy): the copy's agency, year and URL and the chosen one's URL, how
-- many canonical cells differ, and which, "key chosen≠copy" (空 for a
-- blank). The pairs with either side in derived_scope are
-- replaced; only their two reports' cells are read.
DELETE FROM derived_conflicts
WHERE copy_id IN (SELECT report_id FROM derived_scope) OR chosen_id IN (SELECT report_id FROM derived_scope);
INSERT INTO derived_conflicts
WITH pairs AS (
	SELECT a.id AS copy_id, a.alternative_of AS chosen_id, a.agency_id, a.year, a.url AS copy_url, c.url AS chosen_url
	FROM reports a JOIN reports c ON c.id = a.alternative_of
	WHERE a.alternative_of IS NOT NULL
		AND (a.id IN (SELECT report_id FROM derived_scope) OR a.alternative_of IN (SELECT report_id FROM derived_scope))
), v AS (
	SELECT report_id, field_id, value FROM cell_values
	WHERE canonical AND report_id IN (SELECT copy_id FROM pairs UNION ALL SELECT chosen_id FROM pairs)
), sides AS (
	SELECT p.copy_id, v.field_id, v.value, true AS chosen
	FROM pairs p JOIN v ON v.report_id = p.chosen_id
	UNION ALL
	SELECT p.copy_id, v.field_id, v.value, false
	FROM pairs p JOIN v ON v.report_id = p.copy_id
), cmp AS (
	SELECT copy_id, field_id,
		max(value) FILTER (WHERE chosen) AS chosen_value,
		max(value) FILTER (WHERE NOT chosen) AS copy_value
	FROM sides GROUP BY ALL
)
SELECT c.copy_id, any_value(p.chosen_id), any_value(p.agency_id), any_value(p.year), any_value(p.copy_url), any_value(p.chosen_url), count(*),
	string_agg(i.key || ' ' || coalesce(regexp_replace(CAST(c.chosen_value AS VARCHAR), '\.0$', ''), '空') || '≠' || coalesce(regexp_replace(CAST(c.copy_value AS VARCHAR), '\.0$', ''), '空'), '; ' ORDER BY i.key)
FROM cmp c JOIN field_ids i ON i.id = c.field_id JOIN pairs p ON p.copy_id = c.copy_id
WHERE c.chosen_value IS DISTINCT FROM c.copy_value
GROUP BY c.copy_id;

-- derived_conflicts: each alternative copy whose numbers differ from its
-- agency-year's chosen report (what report_conflict_cells gives, grouped
-- by copy): the copy's agency, year and URL and the chosen one's URL, how
-- many canonical cells differ, and which, "key chosen≠copy" (空 for a
-- blank). The pairs with either side in derived_scope are
-- replaced; only their two reports' cells are read. A copy and its chosen
-- report are of one agency-year, so derived_scope (every report of the
-- agencies in scope, or of the agency-years: derived.go) holds both or
-- neither: the pairs are read from it by
-- rowid, where a filter of reports on either side read every report.
DELETE FROM derived_conflicts
WHERE copy_id IN (SELECT report_id FROM derived_scope) OR chosen_id IN (SELECT report_id FROM derived_scope);
CREATE OR REPLACE TEMP TABLE derived_pairs AS
SELECT a.id AS copy_id, a.alternative_of AS chosen_id, a.agency_id, a.year, a.url AS copy_url, c.url AS chosen_url
FROM derived_scope sa JOIN reports a ON a.rowid = sa.rid
JOIN derived_scope sc ON sc.report_id = a.alternative_of
JOIN reports c ON c.rowid = sc.rid;
INSERT INTO derived_conflicts
WITH pairs AS (
	SELECT * FROM derived_pairs
), v AS (
	-- a join, not an IN: with the IN, DuckDB probed the pairs with every cell
	SELECT v.report_id, v.field_id, v.value
	FROM (SELECT copy_id AS id FROM pairs UNION SELECT chosen_id FROM pairs) k
	JOIN cell_values v ON v.report_id = k.id
	WHERE v.canonical
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
DROP TABLE derived_pairs;

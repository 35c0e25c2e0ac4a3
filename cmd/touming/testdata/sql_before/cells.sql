-- The cells view before migration 015 (issue 17): grid_labels joined twice.
SELECT v.report_id, i.key, v.value, v.raw, v.class, v."table", v."row", v.col,
	rl.label AS row_label,
	CASE WHEN v."table" = '二' THEN coalesce(f."column", cl.label) ELSE cl.label END AS col_label,
	v.canonical
FROM cell_values v
JOIN field_ids i ON i.id = v.field_id
LEFT JOIN (SELECT DISTINCT key, "column" FROM fields) f ON f.key = i.key
LEFT JOIN grid_labels rl ON rl.report_id = v.report_id AND rl."table" = v."table" AND rl.axis = 'row' AND rl.idx = v."row"
LEFT JOIN grid_labels cl ON cl.report_id = v.report_id AND cl."table" = v."table" AND cl.axis = 'col' AND cl.idx = v.col

-- report_values as it was before issue 17 (kept to compare the rewrite with).
SELECT r.id AS report_id, r.source_id, r.url, r.agency, r.year, r.template, f.key, v.value
FROM reports r
JOIN fields f ON f.template IN ('both', r.template)
LEFT JOIN field_ids i ON i.key = f.key
LEFT JOIN cell_values v ON v.report_id = r.id AND v.field_id = i.id AND v.canonical
WHERE r.latest
UNION ALL
SELECT r.id, r.source_id, r.url, r.agency, r.year, r.template, i.key, v.value
FROM reports r
JOIN cell_values v ON v.report_id = r.id AND v.canonical
JOIN field_ids i ON i.id = v.field_id
WHERE r.latest
  AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.key = i.key AND f.template IN ('both', r.template))

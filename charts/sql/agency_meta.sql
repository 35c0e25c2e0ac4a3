-- agency_meta: one agency ($1: its id), its region and every name it was
-- published under.
SELECT a.id, a.name, a.kind, a.dept_type, a.region_code, coalesce(g.name, a.region_name) AS region_name,
	(SELECT string_agg(n.name, '、' ORDER BY n.name) FROM agency_names n WHERE n.agency_id = a.id) AS names
FROM agencies a LEFT JOIN regions g ON g.code = a.region_code
WHERE a.id = $1

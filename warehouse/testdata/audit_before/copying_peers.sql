-- copying_peers: narratives of different agencies of the same year whose
-- similarity exceeds 80 %. Candidate pairs share one of 16 band hashes
-- (8 MinHash values each); one finding per report, naming the most similar
-- peer and how many there are. Run for every report of the years in scope:
-- a new report changes its peers' findings too.
WITH yrs AS (SELECT DISTINCT r.year FROM audit_scope s JOIN reports r ON r.id = s.report_id),
b AS (
	SELECT r.id, r.agency_id, r.year, a.minhash, unnest(a.bands) AS h, generate_subscripts(a.bands, 1) AS i
	FROM reports r JOIN report_audit a ON a.report_id = r.id
	WHERE r.latest AND r.agency_id IS NOT NULL AND a.bands IS NOT NULL AND r.year IN (SELECT year FROM yrs)
), cand AS (
	SELECT DISTINCT x.id, y.id AS other, x.minhash AS a, y.minhash AS b
	FROM b x JOIN b y ON x.year = y.year AND x.i = y.i AND x.h = y.h AND x.agency_id <> y.agency_id
), sim AS (
	SELECT id, other, 100.0 * list_sum(list_transform(range(1, len(a) + 1), lambda i: CASE WHEN a[i] = b[i] THEN 1 ELSE 0 END)) / len(a) AS pct
	FROM cand
), top AS (
	SELECT id, arg_max(other, pct) AS other, max(pct) AS pct, count(*) AS n
	FROM sim WHERE pct > 80 GROUP BY id
)
SELECT 'copying_peers' AS rule, t.id AS report_id, 'narrative' AS subject, false AS ok,
	NULL::DOUBLE AS expected, NULL::DOUBLE AS actual, round(t.pct, 1) AS figure,
	NULL::VARCHAR[] AS cells, t.other AS other_report_id, NULL::VARCHAR[] AS other_cells,
	coalesce(o.agency, '另一机关') || CASE WHEN t.n > 1 THEN '等 ' || t.n || ' 个机关' ELSE '' END AS detail,
	'正文' AS label
FROM top t JOIN reports o ON o.id = t.other

-- copying_peers: narratives of different agencies of the same year whose
-- similarity exceeds 80 %. Candidate pairs share one of 16 band hashes
-- (8 MinHash values each, report_bands); one finding per report, naming the
-- most similar peer (the first loaded among equals) and how many there are. Run for the reports of
-- audit_peer_scope: every latest report for Audit; for a batch, those
-- sharing a band with a report it changed (a new report changes its peers'
-- findings too).
WITH me AS (
	SELECT r.id, r.agency_id, r.year, b.band, b.h
	FROM audit_peer_scope s JOIN reports r ON r.id = s.report_id
	JOIN report_bands b ON b.report_id = r.id
	WHERE r.latest AND r.agency_id IS NOT NULL AND r.year IS NOT NULL
), cand AS (
	SELECT DISTINCT m.id, o.report_id AS other
	FROM me m JOIN report_bands o ON o.band = m.band AND o.h = m.h
	JOIN reports y ON y.id = o.report_id
	WHERE y.latest AND y.agency_id IS NOT NULL AND y.year = m.year AND y.agency_id <> m.agency_id
), sim AS (
	SELECT c.id, c.other, 100.0 * list_sum(list_transform(range(1, len(a.minhash) + 1),
		lambda i: CASE WHEN a.minhash[i] = b.minhash[i] THEN 1 ELSE 0 END)) / len(a.minhash) AS pct
	FROM cand c JOIN report_audit a ON a.report_id = c.id JOIN report_audit b ON b.report_id = c.other
), top AS (
	SELECT id, first(other ORDER BY pct DESC, other) AS other, max(pct) AS pct, count(*) AS n
	FROM sim WHERE pct > 80 GROUP BY id
)
SELECT 'copying_peers' AS rule, t.id AS report_id, 'narrative' AS subject, false AS ok,
	NULL::DOUBLE AS expected, NULL::DOUBLE AS actual, round(t.pct, 1) AS figure,
	NULL::VARCHAR[] AS cells, t.other AS other_report_id, NULL::VARCHAR[] AS other_cells,
	coalesce(o.agency, '另一机关') || CASE WHEN t.n > 1 THEN '等 ' || t.n || ' 个机关' ELSE '' END AS detail,
	'正文' AS label
FROM top t JOIN reports o ON o.id = t.other

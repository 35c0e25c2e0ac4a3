-- browse_agency: every latest report of one agency ($1: the agency as
-- printed), newest year first, with its main counts and ratios and how many
-- of its checks failed.
SELECT l.id AS report_id, l.year, l.template, l.region_code, l.region_name, l.title, l.published,
	m.applications, m.processed, m.disclosure_rate, m.review_correction_rate, m.lit_loss_rate,
	(SELECT count(*) FROM checks k WHERE k.report_id = l.id AND NOT k.ok) AS failed_checks,
	l.version, l.url, l.source_id
FROM latest_reports l
LEFT JOIN report_metrics m ON m.report_id = l.id
WHERE l.agency = $1
ORDER BY l.year DESC, l.id DESC

-- report_metrics: derived ratios of each latest report. A ratio is null when
-- its denominator is 0 or null, or when a numerator is null.
--   公开率       disclosure_rate            = (予以公开 + 部分公开) / 总计
--   复议纠错率   review_correction_rate     = 复议结果纠正 / (复议总计 − 复议尚未审结)
--   诉讼败诉率   lit_direct_loss_rate       = 直接起诉结果纠正 / (直接起诉总计 − 尚未审结)
--               lit_after_review_loss_rate = 复议后起诉结果纠正 / (复议后起诉总计 − 尚未审结)
--               lit_loss_rate              = both litigation groups together
CREATE OR REPLACE VIEW report_metrics AS
WITH v AS (
	SELECT v.report_id,
		max(value) FILTER (WHERE key = 'apply.new_received.total')  AS applications,
		max(value) FILTER (WHERE key = 'apply.granted.total')       AS granted,
		max(value) FILTER (WHERE key = 'apply.partial.total')       AS partial,
		max(value) FILTER (WHERE key = 'apply.total_processed.total') AS processed,
		max(value) FILTER (WHERE key = 'review.corrected')          AS review_corrected,
		max(value) FILTER (WHERE key = 'review.pending')            AS review_pending,
		max(value) FILTER (WHERE key = 'review.total')              AS review_total,
		max(value) FILTER (WHERE key = 'lit_direct.corrected')      AS lit_direct_corrected,
		max(value) FILTER (WHERE key = 'lit_direct.pending')        AS lit_direct_pending,
		max(value) FILTER (WHERE key = 'lit_direct.total')          AS lit_direct_total,
		max(value) FILTER (WHERE key = 'lit_after_review.corrected') AS lit_after_review_corrected,
		max(value) FILTER (WHERE key = 'lit_after_review.pending')  AS lit_after_review_pending,
		max(value) FILTER (WHERE key = 'lit_after_review.total')    AS lit_after_review_total
	FROM cell_values v JOIN field_ids i ON i.id = v.field_id
	WHERE v.canonical AND i.key IN ('apply.new_received.total', 'apply.granted.total', 'apply.partial.total',
		'apply.total_processed.total', 'review.corrected', 'review.pending', 'review.total',
		'lit_direct.corrected', 'lit_direct.pending', 'lit_direct.total',
		'lit_after_review.corrected', 'lit_after_review.pending', 'lit_after_review.total')
	GROUP BY v.report_id
)
SELECT r.id AS report_id, r.source_id, r.url, r.agency, r.region_code, r.region_name, r.year, r.template,
	v.applications, v.granted, v.partial, v.processed,
	(v.granted + v.partial) / nullif(v.processed, 0) AS disclosure_rate,
	v.review_corrected / nullif(v.review_total - v.review_pending, 0) AS review_correction_rate,
	v.lit_direct_corrected / nullif(v.lit_direct_total - v.lit_direct_pending, 0) AS lit_direct_loss_rate,
	v.lit_after_review_corrected / nullif(v.lit_after_review_total - v.lit_after_review_pending, 0) AS lit_after_review_loss_rate,
	(v.lit_direct_corrected + v.lit_after_review_corrected)
		/ nullif(v.lit_direct_total - v.lit_direct_pending + v.lit_after_review_total - v.lit_after_review_pending, 0) AS lit_loss_rate,
	r.agency_id
FROM reports r LEFT JOIN v ON v.report_id = r.id
WHERE r.latest;

COMMENT ON COLUMN report_metrics.applications IS '本年新收政府信息公开申请数量（总计）';
COMMENT ON COLUMN report_metrics.granted IS '予以公开（总计）';
COMMENT ON COLUMN report_metrics.partial IS '部分公开（总计）';
COMMENT ON COLUMN report_metrics.processed IS '本年度办理结果（七）总计';
COMMENT ON COLUMN report_metrics.disclosure_rate IS '公开率 = (予以公开 + 部分公开) / 总计';
COMMENT ON COLUMN report_metrics.review_correction_rate IS '复议纠错率 = 结果纠正 / (总计 − 尚未审结)';
COMMENT ON COLUMN report_metrics.lit_direct_loss_rate IS '诉讼败诉率（未经复议直接起诉）= 结果纠正 / (总计 − 尚未审结)';
COMMENT ON COLUMN report_metrics.lit_after_review_loss_rate IS '诉讼败诉率（复议后起诉）= 结果纠正 / (总计 − 尚未审结)';
COMMENT ON COLUMN report_metrics.lit_loss_rate IS '诉讼败诉率（两类合计）';

-- quality_checks: latest reports with at least one failed check, read from
-- derived_reports (kept per batch: report_checks counted per report).
SELECT report_id, agency, year, url, failed_checks AS failed, failed_rules AS rules
FROM derived_reports
WHERE failed_checks > 0
ORDER BY failed DESC, year DESC, agency, report_id -- ties by report, so that pages hold still

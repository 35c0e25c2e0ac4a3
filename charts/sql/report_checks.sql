-- report_checks: the checking relations (勾稽关系) run on one report ($1),
-- failed first.
SELECT rule, subject, ok, expected, actual, cells, message
FROM checks
WHERE report_id = $1
ORDER BY ok, rule, subject

-- figure_keys: the fields whose figures derived_figures keeps, those the
-- compare page draws (charts/sql/compare_values.sql's keys): table 二's
-- counts, table 三's totals, tables 四's reviews and litigation.
CREATE OR REPLACE TEMP TABLE figure_keys AS
SELECT id FROM field_ids
WHERE key LIKE 'active.%' OR key LIKE 'active2019.%'
	OR (key LIKE 'apply.%' AND key LIKE '%.total')
	OR key LIKE 'review.%' OR key LIKE 'lit\_%' ESCAPE '\';

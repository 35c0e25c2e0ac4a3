-- report_cells: the value cell of each key of one report ($1), as read.
SELECT key, value, raw, class, "table", "row", col, row_label, col_label
FROM cells
WHERE report_id = $1 AND canonical
ORDER BY key

-- browse_columns: every column of every table and view of the warehouse,
-- in order, with its type and comment (the Chinese labels of the wide
-- views' columns), and whether its relation is a view. current_database()
-- keeps to the warehouse when it is attached under another name.
SELECT c.table_name AS relation,
	CASE WHEN v.view_name IS NULL THEN 'table' ELSE 'view' END AS kind,
	c.column_name AS name, c.data_type AS type, c.comment
FROM duckdb_columns() c
LEFT JOIN duckdb_views() v ON v.database_name = c.database_name AND v.schema_name = c.schema_name AND v.view_name = c.table_name
WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT c.internal
ORDER BY kind, relation, c.column_index

-- browse_table_rows: the row count DuckDB keeps for each table (exact for
-- a table; views have none and are counted on their own page).
SELECT table_name AS relation, estimated_size AS rows
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal

-- county_meta: one region ($1: its code) and the region above it.
SELECT g.code, g.name, g.level, g.parent, p.name AS parent_name
FROM regions g LEFT JOIN regions p ON p.code = g.parent
WHERE g.code = $1

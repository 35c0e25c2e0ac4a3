-- region_children: the divisions directly under one ($1: its code), for
-- matching a city map's county outlines to region codes.
SELECT code, name FROM regions WHERE parent = $1 ORDER BY code

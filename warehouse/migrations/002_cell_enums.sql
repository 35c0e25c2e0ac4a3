-- 002: a cell's class and table come from small fixed vocabularies; as
-- ENUMs they take a byte each and append without a string copy.
CREATE TYPE cell_class AS ENUM ('number', 'zero', 'blank', 'dash', 'text', 'missing', 'derived');
CREATE TYPE form_table AS ENUM ('二', '三', '四');
ALTER TABLE cells ALTER class SET DATA TYPE cell_class;
ALTER TABLE cells ALTER "table" SET DATA TYPE form_table;

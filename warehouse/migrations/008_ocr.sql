-- 008: cells read from pictures by OCR (issue 11). A cell OCR could not
-- read with confidence has the class ocr_unsure (null, its reading kept in
-- raw); every OCR cell keeps where it came from and how sure Tesseract
-- was, with a small crop of the picture for a person to check it against.
ALTER TABLE cell_values ALTER class SET DATA TYPE VARCHAR;
DROP TYPE cell_class;
CREATE TYPE cell_class AS ENUM ('number', 'zero', 'blank', 'dash', 'text', 'missing', 'derived', 'ocr_unsure');
ALTER TABLE cell_values ALTER class SET DATA TYPE cell_class;

-- ocr_cells: one row per cell of a report read by OCR. image is the
-- picture's name (its URL or path as the page wrote it); x, y, w, h the
-- box of the cell's ink in it, in pixels; conf Tesseract's confidence
-- (0-100); crop a PNG of the box.
CREATE TABLE ocr_cells (
	report_id BIGINT NOT NULL,
	field_id  SMALLINT NOT NULL,
	image     VARCHAR NOT NULL,
	x         INTEGER,
	y         INTEGER,
	w         INTEGER,
	h         INTEGER,
	conf      DOUBLE,
	crop      BLOB
);

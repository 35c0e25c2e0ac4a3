// Package ocr reads the standard tables of a report that were published as
// pictures (a screenshot pasted into the page, a scanned PDF page) with
// Tesseract's command line, offline and deterministically.
//
// Tesseract on a whole table reads few numbers; cut into cells it reads
// nearly all. So the grid is found first, from the table's ruling lines
// (long thin runs of dark pixels, after the image is binarised by Otsu's
// threshold and straightened by the angle that makes its rows sharpest);
// the lines are removed, each cell (merged cells where a rule is missing)
// is cropped, cleaned and scaled, and read on its own: once as Chinese
// (chi_sim, a block) to tell labels from numbers, and every cell that is no
// label again as one line of digits (eng, a digit whitelist). A number is
// kept only when both readings agree and Tesseract's confidence is above
// the threshold; otherwise the cell is Unsure, never a guess. Every cell
// keeps its confidence and its box in the image.
//
// The package is pure apart from running the tesseract binary: no network,
// no database.
package ocr

package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// insertOCR writes where each cell read by OCR came from (ocr_cells,
// migration 008). Reports read from pictures are few, so a prepared
// INSERT in the batch's transaction is enough.
func insertOCR(ctx context.Context, conn *sql.Conn, cells []cellRow) error {
	var stmt *sql.Stmt
	for i := range cells {
		c := cells[i].cell
		if c == nil || c.OCR == nil || !cells[i].canonical {
			continue
		}
		if stmt == nil {
			var err error
			stmt, err = conn.PrepareContext(ctx, `INSERT INTO ocr_cells VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			if err != nil {
				return fmt.Errorf("prepare ocr_cells: %w", err)
			}
			defer stmt.Close()
		}
		o := c.OCR
		if _, err := stmt.ExecContext(ctx, cells[i].reportID, cells[i].fieldID, o.Image, o.X, o.Y, o.W, o.H, o.Conf, o.Crop); err != nil {
			return fmt.Errorf("ocr cell %s of report %d: %w", c.Key, cells[i].reportID, err)
		}
	}
	return nil
}

package warehouse

import (
	"context"
	"fmt"

	"github.com/touming/touming"
)

// replace re-writes a recorded document (Document.ID set): its status and
// error, and its report. The report keeps its id, version and latest flag;
// its cells and checks are replaced. A failed re-extraction records the new
// status but keeps the stored report: a later failure destroys nothing.
func (w *writer) replace(ctx context.Context, d touming.Document, r *touming.Report, fp string) error {
	cur, ok := w.lk.docs[d.ID]
	if !ok {
		return fmt.Errorf("document %d is not in the warehouse", d.ID)
	}
	if _, err := w.conn.ExecContext(ctx, `UPDATE documents SET status = ?, error = ?, loaded_at = ? WHERE id = ?`,
		d.Status, d.Error, w.now, d.ID); err != nil {
		return fmt.Errorf("update document %d: %w", d.ID, err)
	}
	if r == nil {
		w.st.Failed++
		return nil
	}
	w.st.Replaced++
	if cur.ownReport != nil {
		return w.rewrite(ctx, cur, d, r, fp)
	}
	d.URL, d.FinalURL, d.SHA256 = cur.url, cur.finalURL, cur.sha
	d.SourceID = cur.sourceID
	id := w.place(d, d.ID, r, fp)
	if _, err := w.conn.ExecContext(ctx, `UPDATE documents SET report_id = ? WHERE id = ?`, id, d.ID); err != nil {
		return fmt.Errorf("link document %d to report %d: %w", d.ID, id, err)
	}
	return nil
}

// rewrite replaces the cells, checks and description of the report that
// document cur holds.
func (w *writer) rewrite(ctx context.Context, cur storedDoc, d touming.Document, r *touming.Report, fp string) error {
	id := cur.ownReport.id
	for _, q := range []string{`DELETE FROM cell_values WHERE report_id = ?`, `DELETE FROM grid_labels WHERE report_id = ?`,
		`DELETE FROM checks WHERE report_id = ?`, `DELETE FROM ocr_cells WHERE report_id = ?`} {
		if _, err := w.conn.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("clear report %d: %w", id, err)
		}
	}
	if cur.agencyID != 0 {
		w.oldAgencies = append(w.oldAgencies, cur.agencyID)
	}
	old, err := clearAudit(ctx, w.conn, id)
	if err != nil {
		return err
	}
	w.oldBands = append(w.oldBands, old...)
	agency, code, name := w.ag.place(w.lk.sourceRegion[cur.sourceID], r.Meta.Agency)
	m := r.Meta
	// The report may leave its agency-year: settle the old one (through
	// alternative_of) and the new one. latest restarts from url_latest.
	w.touched = append(w.touched, id)
	if _, err := w.conn.ExecContext(ctx, `UPDATE reports SET agency = ?, region_code = ?, region_name = ?, year = ?,
		template = ?, title = ?, published = ?, fingerprint = ?, loaded_at = ?, agency_id = ?, latest = url_latest, alternative_of = NULL WHERE id = ?`,
		m.Agency, nullString(code), nullString(name), nullYear(m.Year), string(r.Template), m.Title,
		nullString(m.Published), fp, w.now, nullInt64(agency), id); err != nil {
		return fmt.Errorf("update report %d: %w", id, err)
	}
	// The old fingerprint's key stays: lookups check the string.
	w.rows.addKey(keyReportFP, fp, id)
	w.st.Cells += w.rows.addCells(id, r, w.db.fields, w.fieldID)
	w.rows.addChecks(id, r)
	w.rows.audit = append(w.rows.audit, newAuditRow(id, r))
	return nil
}

package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// replacedTables are the tables holding a re-written report's rows, which
// the batch appends again.
var replacedTables = []string{"cell_values", "grid_labels", "checks", "ocr_cells",
	"report_audit", "report_sections", "report_tables", "report_bands"}

// applyReplaced writes the batch's replacement: it clears the re-written
// reports' rows (keeping the bands of their old narratives for the audit)
// and updates their descriptions and their documents, one statement per
// table. A document or report queued twice takes its last values, as one
// statement per item in turn did.
func (w *writer) applyReplaced(ctx context.Context) error {
	reports := lastReports(w.rp.reports)
	ids := make([]int64, len(reports))
	for i, u := range reports {
		ids[i] = u.id
	}
	if err := w.clearReports(ctx, ids); err != nil {
		return err
	}
	if err := w.updateReports(ctx, reports); err != nil {
		return err
	}
	return w.updateDocuments(ctx, lastDocs(w.rp.docs))
}

// clearReports deletes the rows of reports ids from every table the batch
// appends them to again, after reading their old bands.
func (w *writer) clearReports(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := each(ctx, w.conn, `SELECT band, h FROM report_bands WHERE report_id IN (SELECT unnest(?::BIGINT[]))`, ids, func(r *sql.Rows) error {
		var b bandKey
		err := r.Scan(&b.band, &b.h)
		w.oldBands = append(w.oldBands, b)
		return err
	})
	if err != nil {
		return fmt.Errorf("read the bands of %d re-written reports: %w", len(ids), err)
	}
	for _, t := range replacedTables {
		if _, err := w.conn.ExecContext(ctx, `DELETE FROM `+t+` WHERE report_id IN (SELECT unnest(?::BIGINT[]))`, ids); err != nil {
			return fmt.Errorf("clear %s of %d re-written reports: %w", t, len(ids), err)
		}
	}
	return nil
}

// updateReports writes the re-written reports' descriptions; latest
// restarts from url_latest and the one-report rule settles it again.
func (w *writer) updateReports(ctx context.Context, us []reportUpdate) error {
	if len(us) == 0 {
		return nil
	}
	n := len(us)
	ids, agencyIDs := make([]int64, n), make([]int64, n)
	years := make([]int32, n)
	cols := make([][]string, 8)
	for i := range cols {
		cols[i] = make([]string, n)
	}
	for i, u := range us {
		ids[i], agencyIDs[i], years[i] = u.id, u.agencyID, u.year
		for j, s := range []string{u.agency, u.code, u.name, u.template, u.title, u.published, u.fingerprint} {
			cols[j][i] = s
		}
	}
	_, err := w.conn.ExecContext(ctx, `UPDATE reports SET agency = v.agency, region_code = NULLIF(v.code, ''),
		region_name = NULLIF(v.name, ''), year = NULLIF(v.year, 0), template = v.template, title = v.title,
		published = NULLIF(v.published, ''), fingerprint = v.fingerprint, loaded_at = $1,
		agency_id = NULLIF(v.agency_id, 0), latest = reports.url_latest, alternative_of = NULL
		FROM (SELECT unnest($2::BIGINT[]) AS id, unnest($3::VARCHAR[]) AS agency, unnest($4::VARCHAR[]) AS code,
			unnest($5::VARCHAR[]) AS name, unnest($6::VARCHAR[]) AS template, unnest($7::VARCHAR[]) AS title,
			unnest($8::VARCHAR[]) AS published, unnest($9::VARCHAR[]) AS fingerprint,
			unnest($10::INTEGER[]) AS year, unnest($11::BIGINT[]) AS agency_id) AS v
		WHERE reports.id = v.id`,
		w.now, ids, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], years, agencyIDs)
	if err != nil {
		return fmt.Errorf("update %d re-written reports: %w", n, err)
	}
	return nil
}

// updateDocuments writes the re-written documents' statuses and errors,
// and the report each now links to when it links to a new one.
func (w *writer) updateDocuments(ctx context.Context, us []docUpdate) error {
	if len(us) == 0 {
		return nil
	}
	n := len(us)
	ids, reportIDs := make([]int64, n), make([]int64, n)
	statuses, errs := make([]string, n), make([]string, n)
	for i, u := range us {
		ids[i], reportIDs[i], statuses[i], errs[i] = u.id, u.reportID, u.status, u.errText
	}
	_, err := w.conn.ExecContext(ctx, `UPDATE documents SET status = v.status, error = NULLIF(v.error, ''), loaded_at = $1,
		report_id = coalesce(NULLIF(v.report_id, 0), documents.report_id)
		FROM (SELECT unnest($2::BIGINT[]) AS id, unnest($3::VARCHAR[]) AS status, unnest($4::VARCHAR[]) AS error,
			unnest($5::BIGINT[]) AS report_id) AS v
		WHERE documents.id = v.id`, w.now, ids, statuses, errs, reportIDs)
	if err != nil {
		return fmt.Errorf("update %d re-written documents: %w", n, err)
	}
	return nil
}

// lastReports keeps each report's last update, in the order of their
// first.
func lastReports(us []reportUpdate) []reportUpdate {
	at := map[int64]int{}
	var out []reportUpdate
	for _, u := range us {
		if i, ok := at[u.id]; ok {
			out[i] = u
			continue
		}
		at[u.id] = len(out)
		out = append(out, u)
	}
	return out
}

// lastDocs keeps each document's last status and error, and the last
// report it was linked to.
func lastDocs(us []docUpdate) []docUpdate {
	at := map[int64]int{}
	var out []docUpdate
	for _, u := range us {
		i, ok := at[u.id]
		if !ok {
			at[u.id] = len(out)
			out = append(out, u)
			continue
		}
		if u.reportID == 0 {
			u.reportID = out[i].reportID
		}
		out[i] = u
	}
	return out
}

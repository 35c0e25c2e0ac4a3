package warehouse

import (
	"fmt"

	"github.com/touming/touming"
)

// replacement is what a batch's re-written documents change in rows stored
// before it. place queues it and applyReplaced writes it once every item
// is placed, a statement per table for the whole batch: a statement per
// document scanned each table once per document, which made the write of
// a re-extraction 20-40 ms per document on a small warehouse (issue 17).
type replacement struct {
	docs    []docUpdate
	reports []reportUpdate
}

// docUpdate is a re-written document's new status and error, and the
// report it now links to (0: the one it holds stays).
type docUpdate struct {
	id              int64
	status, errText string
	reportID        int64
}

// reportUpdate is a re-written report's new description. Empty strings and
// zeros are stored as null, as for a new report.
type reportUpdate struct {
	id                                  int64
	agency, code, name, template, title string
	published, fingerprint              string
	year                                int32
	agencyID                            int64
}

// replace re-writes a recorded document (Document.ID set): its status and
// error, and its report. The report keeps its id, version and latest flag;
// its cells and checks are replaced. A failed re-extraction records the new
// status but keeps the stored report: a later failure destroys nothing.
func (w *writer) replace(d touming.Document, r *touming.Report, fp string) error {
	cur, ok := w.lk.docs[d.ID]
	if !ok {
		return fmt.Errorf("document %d is not in the warehouse", d.ID)
	}
	w.rp.docs = append(w.rp.docs, docUpdate{id: d.ID, status: d.Status, errText: d.Error})
	if r == nil {
		w.st.Failed++
		return nil
	}
	w.st.Replaced++
	if cur.ownReport != nil {
		w.rewrite(cur, r, fp)
		return nil
	}
	d.URL, d.FinalURL, d.SHA256 = cur.url, cur.finalURL, cur.sha
	d.SourceID = cur.sourceID
	w.rp.docs[len(w.rp.docs)-1].reportID = w.place(d, d.ID, r, fp)
	return nil
}

// rewrite queues the replacement of the cells, checks and description of
// the report that document cur holds.
func (w *writer) rewrite(cur storedDoc, r *touming.Report, fp string) {
	id := cur.ownReport.id
	if cur.agencyID != 0 {
		w.oldAgencies = append(w.oldAgencies, cur.agencyID)
	}
	agency, code, name := w.ag.place(w.lk.sourceRegion[cur.sourceID], r.Meta.Agency)
	m := r.Meta
	// The report may leave its agency-year: settle the old one (through
	// alternative_of) and the new one. latest restarts from url_latest.
	w.touched = append(w.touched, id)
	w.rp.reports = append(w.rp.reports, reportUpdate{id: id, agency: m.Agency, code: code, name: name,
		template: string(r.Template), title: m.Title, published: m.Published, fingerprint: fp,
		year: int32(m.Year), agencyID: agency})
	// The old fingerprint's key stays: lookups check the string.
	w.rows.addKey(keyReportFP, fp, id)
	w.st.Cells += w.rows.addCells(id, r, w.db.fields, w.fieldID)
	w.rows.addChecks(id, r)
	w.rows.audit = append(w.rows.audit, newAuditRow(id, r))
}

package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/touming/touming"
)

// writer is the state of one batch being written: what the warehouse
// already holds about the batch's documents (lookups), and the rows to
// append when the batch is placed.
type writer struct {
	db   *DB
	conn *sql.Conn
	now  time.Time
	st   Stats
	lk   *lookups
	rows rows
	ag   *agencies
	// touched are the reports whose agency-year the one-report rule
	// settles at the end of the batch.
	touched []int64
	// oldAgencies and oldBands are what re-written reports were before the
	// batch: the agencies they may have left and the band hashes of the
	// narratives they replaced, whose findings the audit redoes too.
	oldAgencies []int64
	oldBands    []bandKey
	// redone are the reports whose findings the audit replaced, when it
	// covered the batch's agency-years only (audit.go): derive's scope.
	redone []int64
	// nextDoc and nextReport are the next free ids. DuckDB lets one
	// process write, and the batch is one transaction, so max+1 is safe.
	nextDoc, nextReport int64
	// rp is what re-written documents change in stored rows (replace.go).
	rp replacement
}

// run places every item, then appends the rows and applies the updates.
func (w *writer) run(ctx context.Context, batch []Item) error {
	var fps []string
	return runSteps(ctx, []namedStep{
		{"fingerprints", func() error { fps = fingerprints(batch, w.db.keys); return nil }},
		{"lookups", func() (err error) { w.lk, err = loadLookups(ctx, w.conn, batch, fps); return err }},
		{"agencies", func() (err error) { w.ag, err = w.db.loadAgenciesOf(ctx, w.conn, w.agencyKeys(batch)); return err }},
		{"place", func() error { return w.placeAll(ctx, batch, fps) }},
		{"append", func() error { return w.rows.appendAll(w.conn) }},
		{"append agencies", func() error { return w.ag.appendNew(w.conn) }},
		{"cells", func() error { return w.db.insertCells(ctx, w.conn, w.rows.cells) }},
		{"ocr", func() error { return insertOCR(ctx, w.conn, w.rows.cells) }},
		{"append audit", func() error { return appendAudit(w.conn, w.rows.audit) }},
		{"settle", func() error { return settleBatch(ctx, w.conn, w.touched, w.oldAgencies) }}, // write_settle.go
		{"audit", func() (err error) {
			w.redone, err = w.db.auditTouched(ctx, w.conn, w.touched, w.oldAgencies, w.oldBands, w.now)
			return err
		}},
		{"derive", func() error { return w.derive(ctx) }}, // derived.go: the derived tables of what the batch touched
	})
}

// agencyKeys are the keys of the agencies the batch's reports name, placed
// as place will place them (a re-written document keeps its source).
func (w *writer) agencyKeys(batch []Item) []string {
	var keys []string
	for _, it := range batch {
		if it.Report == nil {
			continue
		}
		src := it.Document.SourceID
		if it.Document.ID != 0 {
			src = w.lk.docs[it.Document.ID].sourceID
		}
		if c, ok := w.db.classifyAgency(w.lk.sourceRegion[src], it.Report.Meta.Agency); ok {
			keys = append(keys, c.key)
		}
	}
	return keys
}

// placeAll places every item and moves the latest flags it changes.
func (w *writer) placeAll(ctx context.Context, batch []Item, fps []string) error {
	w.rows = newRows(batch)
	w.nextDoc, w.nextReport = w.lk.maxDoc+1, w.lk.maxReport+1
	for i, it := range batch {
		if err := w.add(ctx, it, fps[i]); err != nil {
			return fmt.Errorf("item %d (%s): %w", i, it.Document.URL, err)
		}
	}
	if err := w.applyReplaced(ctx); err != nil {
		return err
	}
	return w.flagLatest(ctx)
}

// fingerprints hashes the batch's reports on every CPU: hashing a large
// batch's values is worth spreading.
func fingerprints(batch []Item, keys map[touming.Template][]string) []string {
	fps := make([]string, len(batch))
	workers := runtime.NumCPU()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				if r := batch[i].Report; r != nil {
					fps[i] = fingerprint(r, keys[r.Template])
				}
			}
		}()
	}
	wg.Wait()
	return fps
}

// add places one item.
func (w *writer) add(ctx context.Context, it Item, fp string) error {
	d := it.Document
	d.Status = statusOf(d, it.Report)
	if d.ID != 0 {
		return w.replace(d, it.Report, fp)
	}
	if prev, ok := w.lk.latestDoc[docKey(d.SourceID, d.URL)]; ok && prev.same(d) {
		if it.Report != nil && !prev.hasReport {
			// Read before without a report (the extractor failed or was
			// older): the same content now yields one.
			d.ID = prev.id
			return w.replace(d, it.Report, fp)
		}
		w.st.Unchanged++
		return nil
	}
	id := w.nextDoc
	w.nextDoc++
	w.st.Documents++
	row := docRow{id: id, doc: d, loadedAt: w.now}
	if it.Report != nil {
		row.reportID = w.place(d, id, it.Report, fp)
	} else {
		w.st.Failed++
	}
	w.rows.docs = append(w.rows.docs, row)
	w.rows.addKey(keyDocURL, d.URL, id)
	w.rows.addKey(keyDocSHA, d.SHA256, id)
	// hasReport: a document added in this batch is not re-written by a
	// later item of the same batch.
	w.lk.latestDoc[docKey(d.SourceID, d.URL)] = docRef{id: id, sha: d.SHA256, status: d.Status, errText: d.Error, hasReport: true}
	return nil
}

// statusOf fills in a status the caller left empty.
func statusOf(d touming.Document, r *touming.Report) string {
	switch {
	case d.Status != "":
		return d.Status
	case r != nil:
		return touming.StatusOK
	default:
		return touming.StatusFailed
	}
}

// place finds the report r is (the same content seen before, or a new
// version at its URL, or a new report) and returns its id.
func (w *writer) place(d touming.Document, docID int64, r *touming.Report, fp string) int64 {
	if ref := w.lk.known(d.SHA256, fp); ref != nil {
		w.st.Duplicates++
		w.makeLatest(ref)
		return ref.id
	}
	url := reportURL(d)
	ref := &reportRef{id: w.nextReport, url: url, version: 1, latest: true, inBatch: true}
	w.nextReport++
	if cur := w.lk.latestAt[url]; cur != nil {
		ref.version = cur.maxVersion + 1
		w.setLatest(cur, false)
	}
	ref.maxVersion = ref.version
	w.lk.register(ref, d.SHA256, fp)
	w.st.Reports++
	w.addReport(ref, d, docID, r, fp)
	return ref.id
}

// makeLatest moves the latest flag at ref's URL to ref: content that went
// back to an earlier version makes that version current again.
func (w *writer) makeLatest(ref *reportRef) {
	cur := w.lk.latestAt[ref.url]
	if cur == ref || ref.latest {
		return
	}
	if cur != nil {
		w.setLatest(cur, false)
		ref.maxVersion = cur.maxVersion
	}
	w.setLatest(ref, true)
	w.lk.latestAt[ref.url] = ref
}

func (w *writer) setLatest(ref *reportRef, on bool) {
	ref.latest = on
	if !ref.inBatch {
		ref.changed = true
	}
}

// reportURL is the URL a report is known by: the final URL of the document
// holding its tables.
func reportURL(d touming.Document) string {
	if d.FinalURL != "" {
		return d.FinalURL
	}
	return d.URL
}

// addReport queues the report row, its cells and its checks.
func (w *writer) addReport(ref *reportRef, d touming.Document, docID int64, r *touming.Report, fp string) {
	agency, code, name := w.ag.place(w.lk.sourceRegion[d.SourceID], r.Meta.Agency)
	w.rows.reports = append(w.rows.reports, reportRow{
		ref: ref, docID: docID, sourceID: d.SourceID, report: r, agencyID: agency,
		regionCode: code, regionName: name, fingerprint: fp, loadedAt: w.now,
	})
	w.touched = append(w.touched, ref.id)
	w.rows.addKey(keyReportURL, ref.url, ref.id)
	w.rows.addKey(keyReportFP, fp, ref.id)
	w.st.Cells += w.rows.addCells(ref.id, r, w.db.fields, w.fieldID)
	w.rows.addChecks(ref.id, r)
	w.rows.audit = append(w.rows.audit, newAuditRow(ref.id, r))
}

// fieldID gives the id of a field key, numbering a key not seen before.
func (w *writer) fieldID(key string) int16 {
	if id, ok := w.lk.fieldIDs[key]; ok {
		return id
	}
	w.lk.maxField++
	id := w.lk.maxField
	w.lk.fieldIDs[key] = id
	w.rows.fields = append(w.rows.fields, fieldRow{id: id, key: key})
	return id
}

// flagLatest writes the latest flags (the newest at its URL) of reports
// stored before this batch; the one-report rule then settles latest.
func (w *writer) flagLatest(ctx context.Context) error {
	for _, ref := range w.lk.refs {
		if !ref.changed {
			continue
		}
		w.touched = append(w.touched, ref.id)
		if _, err := w.conn.ExecContext(ctx, `UPDATE reports SET latest = ?, url_latest = ? WHERE id = ?`, ref.latest, ref.latest, ref.id); err != nil {
			return fmt.Errorf("move latest flag of report %d: %w", ref.id, err)
		}
	}
	return nil
}

package pipeline

import (
	"fmt"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
)

// extract reads one job under the time limit. A panic in a reader, or a
// reader past the limit, is that document's failure, never the pool's.
func (p *Pipeline) extract(j Job) Result {
	d := j.Document
	if d.Status != "" || j.Body == nil {
		return Result{Document: d, Change: j.Change}
	}
	name := firstNonEmpty(j.Name, d.FinalURL, d.URL)
	in := extract.Input{Name: name, Data: j.Body, ContentType: d.ContentType, Title: d.Title, Images: j.Images}
	type out struct {
		r   *touming.Report
		err error
	}
	for _, pool := range [...]chan struct{}{p.cores, p.cfg.Limit} { // its own first: a shared token is not held waiting
		release, err := hold(p.ctx, pool)
		if err != nil {
			return Result{Document: d, canceled: true}
		}
		defer release()
	}
	ch := make(chan out, 1) // buffered: a reader past the limit still finishes
	start := time.Now()
	go func() {
		r, err := safeExtract(p.ex, in)
		ch <- out{r, err}
	}()
	t := time.NewTimer(p.cfg.Timeout)
	defer t.Stop()
	var o out
	select {
	case o = <-ch:
	case <-t.C:
		o.err = fmt.Errorf("extract %s: no result within %s (time limit)", name, p.cfg.Timeout)
	case <-p.ctx.Done():
		// Not read: left out of the batches, so that the next pass reads it.
		return Result{Document: d, canceled: true}
	}
	r := result(d, o.r, o.err, time.Since(start))
	r.Change = j.Change
	return r
}

// result sets the document's status from extraction's outcome.
func result(d touming.Document, r *touming.Report, err error, took time.Duration) Result {
	d.Status, d.Error = touming.ReportStatus(r, err), ""
	if err != nil {
		d.Error, r = err.Error(), nil
	} else if d.Title == "" {
		d.Title = r.Meta.Title
	}
	return Result{Document: d, Report: r, Extracted: true, Elapsed: took}
}

// safeExtract turns a reader's panic into that document's error.
func safeExtract(ex Extractor, in extract.Input) (r *touming.Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			r, err = nil, fmt.Errorf("extract %s: internal error: %v", in.Name, v)
		}
	}()
	return ex.Extract(in)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

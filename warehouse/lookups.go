package warehouse

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/touming/touming"
)

// docRef is the latest document recorded at a URL.
type docRef struct {
	id                   int64
	sha, status, errText string
	hasReport            bool
}

// same reports whether d is the content already recorded: the same hash or,
// for a fetch that brought no content, the same failure.
func (p docRef) same(d touming.Document) bool {
	if d.SHA256 != "" {
		return p.sha == d.SHA256
	}
	return p.sha == "" && p.status == d.Status && p.errText == d.Error
}

// reportRef is one report version, stored or added in this batch.
type reportRef struct {
	id                  int64
	url                 string
	version, maxVersion int // maxVersion: the highest version at url
	latest              bool
	inBatch             bool // appended at the end of the batch
	changed             bool // stored, and its latest flag must be written
}

// storedDoc is a recorded document that an Item re-writes.
type storedDoc struct {
	url, finalURL, sha, sourceID string
	ownReport                    *reportRef // the report whose tables it holds
	agencyID                     int64      // ownReport's agency before the batch, 0 for none
}

// lookups is what the warehouse holds about a batch, read in a few queries
// at its start and kept up to date as items are placed.
type lookups struct {
	maxDoc, maxReport int64
	latestDoc         map[string]docRef
	refs              map[int64]*reportRef
	bySHA, byFP       map[string]*reportRef
	latestAt          map[string]*reportRef
	docs              map[int64]storedDoc
	sourceRegion      map[string]string
	fieldIDs          map[string]int16
	maxField          int16
	// keys are the batch's keys and what lookup_keys held of them, kept
	// for derive (derived.go), which looks up the documents at the same
	// URLs.
	keys *keys
}

// known returns the report already recorded with this document hash or
// report fingerprint, or nil.
func (l *lookups) known(sha, fp string) *reportRef {
	if r := l.bySHA[sha]; sha != "" && r != nil {
		return r
	}
	if r := l.byFP[fp]; fp != "" && r != nil {
		return r
	}
	return nil
}

// register records a new report in the indexes.
func (l *lookups) register(r *reportRef, sha, fp string) {
	l.refs[r.id] = r
	if sha != "" {
		l.bySHA[sha] = r
	}
	if fp != "" {
		l.byFP[fp] = r
	}
	l.latestAt[r.url] = r
}

// ref returns the one reportRef for a stored report id.
func (l *lookups) ref(id int64, url string, version int, latest bool) *reportRef {
	if r, ok := l.refs[id]; ok {
		return r
	}
	r := &reportRef{id: id, url: url, version: version, maxVersion: version, latest: latest}
	l.refs[id] = r
	return r
}

// keys collects the batch's lookup keys.
type keys struct {
	urls, shas, fps []string
	ids             []int64
	cache           keyCache // prefetchKeys: what lookup_keys holds of them
}

func batchKeys(batch []Item, fps []string) keys {
	var k keys
	for i, it := range batch {
		d := it.Document
		if d.ID != 0 {
			k.ids = append(k.ids, d.ID)
			continue
		}
		k.urls = append(k.urls, d.URL, reportURL(d))
		if d.SHA256 != "" {
			k.shas = append(k.shas, d.SHA256)
		}
		if fps[i] != "" {
			k.fps = append(k.fps, fps[i])
		}
	}
	return k
}

// loadLookups reads what the warehouse holds about the batch.
func loadLookups(ctx context.Context, q *sql.Conn, batch []Item, fps []string) (*lookups, error) {
	l := &lookups{
		latestDoc: map[string]docRef{}, refs: map[int64]*reportRef{},
		bySHA: map[string]*reportRef{}, byFP: map[string]*reportRef{},
		latestAt: map[string]*reportRef{}, docs: map[int64]storedDoc{}, sourceRegion: map[string]string{},
		fieldIDs: map[string]int16{},
	}
	k := batchKeys(batch, fps)
	steps := []func(context.Context, *sql.Conn, *keys) error{
		l.loadMax, l.loadSources, l.loadFieldIDs, l.loadStoredDocs, prefetchKeys, l.loadLatestDocs,
		l.loadBySHA, l.loadByFP, l.loadLatestAt,
	}
	for _, step := range steps {
		if err := step(ctx, q, &k); err != nil {
			return nil, fmt.Errorf("read what is stored: %w", err)
		}
	}
	l.keys = &k
	return l, nil
}

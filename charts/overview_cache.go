package charts

import (
	"context"
	"sync"

	"github.com/touming/touming"
)

// Versioned is a Config.DB whose data changes only when its Version does
// (serve's warehouse: a new version after each batch a crawl writes). The
// overview keeps its figures, counts over every document and report, from
// one version to the next instead of counting them again on each visit.
type Versioned interface {
	Version() uint64
}

// overviewQueries are the overview's queries, in the order overviewData
// reads them.
var overviewQueries = []string{"overview_counts", "overview_sources", "overview_years", "overview_coverage"}

// figureCache holds the overview's query results for one version.
type figureCache struct {
	mu      sync.Mutex
	valid   bool
	version uint64
	tables  []*touming.Table
}

// overviewTables returns the results of overviewQueries: the cached ones
// when the DB is Versioned and has not changed since, else fresh ones.
// The page does not change the tables, so they are shared between requests.
func (s *Server) overviewTables(ctx context.Context) ([]*touming.Table, error) {
	v, versioned := s.cfg.DB.(Versioned)
	var version uint64
	if versioned {
		version = v.Version()
		c := &s.figures
		c.mu.Lock()
		tables, ok := c.tables, c.valid && c.version == version
		c.mu.Unlock()
		if ok {
			return tables, nil
		}
	}
	tables := make([]*touming.Table, len(overviewQueries))
	for i, name := range overviewQueries {
		t, err := s.query(ctx, name)
		if err != nil {
			return nil, err
		}
		tables[i] = t
	}
	if versioned {
		// Stored under the version read before the queries: if a batch
		// landed meanwhile, the next visit sees a newer version and counts
		// again, so nothing older than a batch is ever kept.
		c := &s.figures
		c.mu.Lock()
		c.valid, c.version, c.tables = true, version, tables
		c.mu.Unlock()
	}
	return tables, nil
}

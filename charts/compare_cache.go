package charts

import (
	"context"
	"fmt"
	"sync"

	"github.com/touming/touming"
)

// maxCached bounds the results a queryCache holds: the picker queries of
// the regions and years visited since the last batch.
const maxCached = 256

// queryCache keeps the results of the compare page's picker queries
// (compare_regions, compare_years, compare_types, compare_counties: the
// same for every visit to a region until a batch lands) for one version of
// a Versioned DB; each reads every report, which at a million reports is
// a good part of the page.
type queryCache struct {
	mu      sync.Mutex
	version uint64
	tables  map[string]*touming.Table
}

// cachedQuery is query, answered from the cache while the DB's version
// holds. Pages do not change the tables, so they are shared between
// requests. A DB that is not Versioned is asked every time.
func (s *Server) cachedQuery(ctx context.Context, name string, args ...any) (*touming.Table, error) {
	v, ok := s.cfg.DB.(Versioned)
	if !ok {
		return s.query(ctx, name, args...)
	}
	version := v.Version()
	key := fmt.Sprintf("%s %q", name, args)
	c := &s.cache
	c.mu.Lock()
	t, hit := c.tables[key]
	hit = hit && c.version == version
	c.mu.Unlock()
	if hit {
		return t, nil
	}
	t, err := s.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	// Stored under the version read before the query: if a batch landed
	// meanwhile, the next visit sees a newer version and asks again.
	c.mu.Lock()
	if c.tables == nil || c.version != version || len(c.tables) >= maxCached {
		c.version, c.tables = version, map[string]*touming.Table{}
	}
	c.tables[key] = t
	c.mu.Unlock()
	return t, nil
}

package warehouse

import (
	"context"
	"crypto/md5"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"strconv"
)

// The kinds of string a batch looks up by, as lookup_keys.kind stores them
// (migration 010).
const (
	keyDocURL    uint8 = 1 // documents.url → the document
	keyDocSHA    uint8 = 2 // documents.sha256 → the document
	keyReportURL uint8 = 3 // reports.url → the report
	keyReportFP  uint8 = 4 // reports.fingerprint → the report
)

// keyHash is what lookup_keys stores of a string: the first 31 bits of its
// MD5, as migrations 010 and 019 compute it in SQL (('0x' ||
// left(md5(s), 15))::BIGINT >> 29).
func keyHash(s string) int64 {
	sum := md5.Sum([]byte(s))
	h, _ := strconv.ParseInt(hex.EncodeToString(sum[:])[:15], 16, 64)
	return h >> 29
}

// keyRow is one row of lookup_keys a batch appends.
type keyRow struct {
	h    int64
	kind uint8
	id   int64
}

// addKey queues the key of a new document or report (nothing for an empty
// string: no row is looked up by it).
func (rs *rows) addKey(kind uint8, s string, id int64) {
	if s != "" {
		rs.keys = append(rs.keys, keyRow{h: keyHash(s), kind: kind, id: id})
	}
}

// appendKeys appends the batch's lookup keys.
func (rs *rows) appendKeys(c driver.Conn) error {
	return appendRows(c, "lookup_keys", len(rs.keys), func(i int, v []driver.Value) []driver.Value {
		k := rs.keys[i]
		return append(v, int32(k.h), k.kind, k.id) // below 2^31
	})
}

// idsByKey returns the ids of the documents or reports whose key of kind
// hashes like one of values: a superset of those that hold the values, so
// a lookup keeps its own test of the string.
func idsByKey(ctx context.Context, q *sql.Conn, kind uint8, values []string) ([]int64, error) {
	if len(values) == 0 {
		return nil, nil
	}
	hs := make([]int64, len(values))
	for i, v := range values {
		hs[i] = keyHash(v)
	}
	var ids []int64
	err := each(ctx, q, `SELECT DISTINCT id FROM lookup_keys WHERE kind = `+strconv.Itoa(int(kind))+
		` AND h IN (`+joinIDs(hs)+`)`, nil, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

// keyCache holds the lookup_keys rows of the hashes a batch starts with,
// read in one scan: lookup_keys is in no order of its hashes, so each
// kind's lookup read all of it (4 M rows at a million reports), four
// times a batch.
type keyCache struct {
	asked map[int64]bool     // the hashes read, of every kind
	found map[keyRow][]int64 // kind and hash (id 0) → the ids
}

// prefetchKeys reads the lookup_keys rows of every hash of k's URLs, hashes
// and fingerprints (those of the documents items re-write included: it
// runs after loadStoredDocs).
func prefetchKeys(ctx context.Context, q *sql.Conn, k *keys) error {
	c := keyCache{asked: map[int64]bool{}, found: map[keyRow][]int64{}}
	var hs []int64
	for _, vs := range [][]string{k.urls, k.shas, k.fps} {
		for _, v := range vs {
			if h := keyHash(v); !c.asked[h] {
				c.asked[h] = true
				hs = append(hs, h)
			}
		}
	}
	k.cache = c
	if len(hs) == 0 {
		return nil
	}
	return each(ctx, q, `SELECT DISTINCT h, kind, id FROM lookup_keys WHERE h IN (`+joinIDs(hs)+`)`, nil, func(r *sql.Rows) error {
		var row keyRow
		err := r.Scan(&row.h, &row.kind, &row.id)
		key := keyRow{h: row.h, kind: row.kind}
		c.found[key] = append(c.found[key], row.id)
		return err
	})
}

// idsOf is idsByKey with the hashes prefetchKeys read taken from k's
// cache: only the values found since (URLs of stored reports) are looked
// up.
func (k *keys) idsOf(ctx context.Context, q *sql.Conn, kind uint8, values []string) ([]int64, error) {
	var missing []string
	seen := map[int64]bool{}
	var ids []int64
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, v := range values {
		h := keyHash(v)
		if !k.cache.asked[h] {
			missing = append(missing, v)
			continue
		}
		for _, id := range k.cache.found[keyRow{h: h, kind: kind}] {
			add(id)
		}
	}
	more, err := idsByKey(ctx, q, kind, missing)
	for _, id := range more {
		add(id)
	}
	return ids, err
}

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

// keyHash is what lookup_keys stores of a string: the first 60 bits of its
// MD5, as migration 010 computes it in SQL ('0x' || left(md5(s), 15)).
func keyHash(s string) int64 {
	sum := md5.Sum([]byte(s))
	h, _ := strconv.ParseInt(hex.EncodeToString(sum[:])[:15], 16, 64)
	return h
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
		return append(v, k.h, k.kind, k.id)
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

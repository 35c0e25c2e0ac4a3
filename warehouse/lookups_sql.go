package warehouse

import (
	"context"
	"database/sql"
	"strconv"
)

// each runs query and calls scan for every row. A lookup by an empty list
// of keys is not run: DuckDB would still scan the table to find nothing.
func each(ctx context.Context, q *sql.Conn, query string, arg any, scan func(*sql.Rows) error) error {
	switch keys := arg.(type) {
	case []string:
		if len(keys) == 0 {
			return nil
		}
	case []int64:
		if len(keys) == 0 {
			return nil
		}
	}
	var args []any
	if arg != nil {
		args = append(args, arg)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (l *lookups) loadMax(ctx context.Context, q *sql.Conn, _ *keys) (err error) {
	if l.maxDoc, err = maxID(ctx, q, "documents"); err != nil {
		return err
	}
	l.maxReport, err = maxID(ctx, q, "reports")
	return err
}

// maxID is the highest id in table (0 for none). n distinct ids of 1 or
// more reach n at least, so the rows from id n on hold the highest, and
// the scan reads only their row groups (the max of every id read a
// million at 1 M); with an id below 1 that can fail, and the whole column
// is read.
func maxID(ctx context.Context, q *sql.Conn, table string) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		return 0, err
	}
	var top sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(id) FROM `+table+` WHERE id >= `+strconv.FormatInt(n, 10)).Scan(&top); err != nil {
		return 0, err
	}
	if top.Valid || n == 0 {
		return top.Int64, nil
	}
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&top)
	return top.Int64, err
}

func (l *lookups) loadFieldIDs(ctx context.Context, q *sql.Conn, _ *keys) error {
	return each(ctx, q, `SELECT id, key FROM field_ids`, nil, func(r *sql.Rows) error {
		var id int16
		var key string
		err := r.Scan(&id, &key)
		l.fieldIDs[key] = id
		l.maxField = max(l.maxField, id)
		return err
	})
}

func (l *lookups) loadSources(ctx context.Context, q *sql.Conn, _ *keys) error {
	return each(ctx, q, `SELECT id, region_code FROM sources WHERE region_code <> ''`, nil, func(r *sql.Rows) error {
		var id, code string
		err := r.Scan(&id, &code)
		l.sourceRegion[id] = code
		return err
	})
}

// loadStoredDocs reads the documents that items re-write, and adds their
// report URLs to the keys.
func (l *lookups) loadStoredDocs(ctx context.Context, q *sql.Conn, k *keys) error {
	if len(k.ids) == 0 {
		return nil
	}
	return each(ctx, q, `SELECT d.id, d.url, coalesce(d.final_url, ''), coalesce(d.sha256, ''), coalesce(d.source_id, ''),
			r.id, r.url, r.version, r.url_latest, coalesce(r.agency_id, 0)
		FROM documents d LEFT JOIN reports r ON r.id = d.report_id AND r.document_id = d.id
			AND r.id IN (SELECT report_id FROM documents WHERE id IN (SELECT unnest(`+idArray(k.ids)+`)))
		WHERE d.id IN (SELECT unnest(`+idArray(k.ids)+`))`, nil, func(rows *sql.Rows) error {
		var id int64
		var s storedDoc
		var rid sql.NullInt64
		var rurl sql.NullString
		var ver sql.NullInt32
		var latest sql.NullBool
		if err := rows.Scan(&id, &s.url, &s.finalURL, &s.sha, &s.sourceID, &rid, &rurl, &ver, &latest, &s.agencyID); err != nil {
			return err
		}
		if rid.Valid {
			s.ownReport = l.ref(rid.Int64, rurl.String, int(ver.Int32), latest.Bool)
		}
		l.docs[id] = s
		k.urls = append(k.urls, s.url, firstOf(s.finalURL, s.url))
		if s.sha != "" {
			k.shas = append(k.shas, s.sha)
		}
		return nil
	})
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// loadLatestDocs reads the latest document at each URL of the batch; one
// that holds no report is kept whole, for an item that now brings one.
func (l *lookups) loadLatestDocs(ctx context.Context, q *sql.Conn, k *keys) error {
	ids, err := k.idsOf(ctx, q, keyDocURL, k.urls)
	if err != nil || len(ids) == 0 {
		return err
	}
	return each(ctx, q, `SELECT url, id, coalesce(sha256, ''), status, coalesce(error, ''), report_id IS NOT NULL,
			coalesce(final_url, ''), coalesce(source_id, '')
		FROM documents WHERE id IN (SELECT unnest(`+idArray(ids)+`)) AND url IN (SELECT unnest(?::VARCHAR[]))
		QUALIFY row_number() OVER (PARTITION BY url, coalesce(source_id, '') ORDER BY id DESC) = 1`, k.urls, func(r *sql.Rows) error {
		var d docRef
		var s storedDoc
		if err := r.Scan(&s.url, &d.id, &d.sha, &d.status, &d.errText, &d.hasReport, &s.finalURL, &s.sourceID); err != nil {
			return err
		}
		l.latestDoc[docKey(s.sourceID, s.url)] = d
		if _, ok := l.docs[d.id]; !ok && !d.hasReport {
			s.sha = d.sha
			l.docs[d.id] = s
		}
		return nil
	})
}

func (l *lookups) loadBySHA(ctx context.Context, q *sql.Conn, k *keys) error {
	ids, err := k.idsOf(ctx, q, keyDocSHA, k.shas)
	if err != nil || len(ids) == 0 {
		return err
	}
	return each(ctx, q, `SELECT d.sha256, r.id, r.url, r.version, r.url_latest
		FROM documents d JOIN reports r ON r.id = d.report_id
		WHERE d.id IN (SELECT unnest(`+idArray(ids)+`)) AND d.sha256 IN (SELECT unnest(?::VARCHAR[]))`, k.shas, func(r *sql.Rows) error {
		var sha, url string
		var id int64
		var ver int
		var latest bool
		err := r.Scan(&sha, &id, &url, &ver, &latest)
		l.bySHA[sha] = l.ref(id, url, ver, latest)
		k.urls = append(k.urls, url)
		return err
	})
}

func (l *lookups) loadByFP(ctx context.Context, q *sql.Conn, k *keys) error {
	ids, err := k.idsOf(ctx, q, keyReportFP, k.fps)
	if err != nil || len(ids) == 0 {
		return err
	}
	return each(ctx, q, `SELECT fingerprint, id, url, version, url_latest FROM reports
		WHERE id IN (SELECT unnest(`+idArray(ids)+`)) AND fingerprint IN (SELECT unnest(?::VARCHAR[])) ORDER BY id DESC`, k.fps, func(r *sql.Rows) error {
		var fp, url string
		var id int64
		var ver int
		var latest bool
		if err := r.Scan(&fp, &id, &url, &ver, &latest); err != nil {
			return err
		}
		if _, seen := l.byFP[fp]; !seen {
			l.byFP[fp] = l.ref(id, url, ver, latest)
		}
		k.urls = append(k.urls, url)
		return nil
	})
}

// loadLatestAt reads the latest version at each report URL, with the
// highest version number there.
func (l *lookups) loadLatestAt(ctx context.Context, q *sql.Conn, k *keys) error {
	ids, err := k.idsOf(ctx, q, keyReportURL, k.urls)
	if err != nil || len(ids) == 0 {
		return err
	}
	at := `SELECT * FROM reports WHERE id IN (SELECT unnest(` + idArray(ids) + `)) AND url IN (SELECT unnest(?::VARCHAR[]))`
	return each(ctx, q, `WITH here AS (`+at+`)
		SELECT r.url, r.id, r.version, m.mv FROM here r
		JOIN (SELECT url, max(version) AS mv FROM here GROUP BY url) m USING (url) WHERE r.url_latest`, k.urls, func(r *sql.Rows) error {
		var url string
		var id int64
		var ver, mv int
		if err := r.Scan(&url, &id, &ver, &mv); err != nil {
			return err
		}
		ref := l.ref(id, url, ver, true)
		ref.maxVersion = mv
		l.latestAt[url] = ref
		return nil
	})
}

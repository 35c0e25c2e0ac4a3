package charts

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Saved queries are kept in a small JSON file beside the warehouse
// (<db>.queries.json, see Config.SavedQueries), not in the warehouse: the
// pages hold the warehouse read-only, and a query list is the analysts'
// notes, not data, so it survives a rebuilt warehouse and can be copied,
// edited or put in version control by hand.

// savedQuery is one saved query.
type savedQuery struct {
	Name    string    `json:"name"`
	SQL     string    `json:"sql"`
	SavedAt time.Time `json:"saved_at"`
}

// savedStore reads and writes the file; its mutex keeps two saves from
// losing one another's query.
type savedStore struct {
	mu   sync.Mutex
	path string
}

// maxSavedName bounds a saved query's name, in characters.
const maxSavedName = 80

// list returns the saved queries by name; a missing file is none.
func (st *savedStore) list() ([]savedQuery, error) {
	if st == nil || st.path == "" {
		return nil, nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.read()
}

func (st *savedStore) read() ([]savedQuery, error) {
	b, err := os.ReadFile(st.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("saved queries %s: %w", st.path, err)
	}
	var qs []savedQuery
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("saved queries %s: %w", st.path, err)
	}
	return qs, nil
}

// get returns the query called name.
func (st *savedStore) get(name string) (savedQuery, bool, error) {
	qs, err := st.list()
	for _, q := range qs {
		if q.Name == name {
			return q, true, err
		}
	}
	return savedQuery{}, false, err
}

// save adds or replaces the query called name.
func (st *savedStore) save(name, sql string) error {
	name, sql = strings.TrimSpace(name), strings.TrimSpace(sql)
	switch {
	case st == nil || st.path == "":
		return userErr("这台服务器没有配置保存查询的文件。", errors.New("no saved-queries file configured"))
	case name == "" || utf8.RuneCountInString(name) > maxSavedName || strings.ContainsAny(name, "/\\\n"):
		return userErrf(fmt.Sprintf("查询名称应为 1 到 %d 个字，不含 / 与换行。", maxSavedName), "saved query name %q", name)
	case sql == "":
		return userErrf("没有要保存的 SQL。", "saved query %q: no SQL", name)
	}
	return st.update(func(qs []savedQuery) []savedQuery {
		qs = removeSaved(qs, name)
		qs = append(qs, savedQuery{Name: name, SQL: sql, SavedAt: time.Now().UTC().Truncate(time.Second)})
		sort.Slice(qs, func(i, j int) bool { return qs[i].Name < qs[j].Name })
		return qs
	})
}

// remove deletes the query called name.
func (st *savedStore) remove(name string) error {
	if st == nil || st.path == "" {
		return nil
	}
	return st.update(func(qs []savedQuery) []savedQuery { return removeSaved(qs, name) })
}

func removeSaved(qs []savedQuery, name string) []savedQuery {
	out := qs[:0]
	for _, q := range qs {
		if q.Name != name {
			out = append(out, q)
		}
	}
	return out
}

// update rewrites the file through a temporary file and a rename, so that
// a crash mid-write leaves the old list whole.
func (st *savedStore) update(change func([]savedQuery) []savedQuery) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	qs, err := st.read()
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(change(qs), "", "  ")
	if err != nil {
		return fmt.Errorf("saved queries: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(st.path), ".queries-")
	if err != nil {
		return fmt.Errorf("saved queries %s: %w", st.path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("saved queries %s: %w", st.path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saved queries %s: %w", st.path, err)
	}
	if err := os.Rename(tmp.Name(), st.path); err != nil {
		return fmt.Errorf("saved queries %s: %w", st.path, err)
	}
	return nil
}

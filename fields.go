package touming

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// fieldsTSV is a copy of shared/spec/fields.tsv, the canonical field list.
//
//go:embed fields.tsv
var fieldsTSV string

// Template names the national form a report follows.
type Template string

// The two national templates. Reports on 2021 onward use Template2021,
// reports on 2019 and 2020 use Template2019.
const (
	Template2021 Template = "2021"
	Template2019 Template = "2019"
)

// Field kinds, from the kind column of fields.tsv.
const (
	KindCount  = "count"  // whole and non-negative
	KindAmount = "amount" // decimal, in 万元
	KindSigned = "signed" // 本年增/减: may be negative
)

// Field is one canonical number of a report's standard tables: a row of
// fields.tsv.
type Field struct {
	Key      string // e.g. apply.granted.natural_person
	Table    string // 二, 三 or 四
	Template string // 2021, 2019 or both
	Row      string // the row label as the national template prints it; / joins a parent group
	Column   string // the column label, likewise
	Unit     string // 件, 项 or 万元
	Kind     string // KindCount, KindAmount or KindSigned
}

// In reports whether f belongs to reports of template t.
func (f Field) In(t Template) bool {
	return f.Template == "both" || f.Template == string(t)
}

// Fields is the parsed field list.
type Fields []Field

// parsedFields is the embedded fields.tsv parsed once, on first use: every
// reader, the warehouse and the charts ask for it, some per document.
var parsedFields = sync.OnceValues(parseFields)

// LoadFields returns the embedded fields.tsv, parsed (once per process;
// each caller gets its own copy of the list). It fails only if the
// embedded copy is malformed, which a test guards.
func LoadFields() (Fields, error) {
	fs, err := parsedFields()
	return slices.Clone(fs), err
}

func parseFields() (Fields, error) {
	lines := strings.Split(strings.TrimSpace(fieldsTSV), "\n")
	fs := make(Fields, 0, len(lines))
	for i, line := range lines[1:] {
		c := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(c) != 7 {
			return nil, fmt.Errorf("fields.tsv line %d: want 7 columns, got %d", i+2, len(c))
		}
		fs = append(fs, Field{Key: c[0], Table: c[1], Template: c[2], Row: c[3], Column: c[4], Unit: c[5], Kind: c[6]})
	}
	return fs, nil
}

// MustFields is LoadFields for callers that rely on the embedded copy being
// well formed (it is tested).
func MustFields() Fields {
	fs, err := LoadFields()
	if err != nil {
		panic(err)
	}
	return fs
}

// For returns the fields of template t, in spec order.
func (fs Fields) For(t Template) Fields {
	var out Fields
	for _, f := range fs {
		if f.In(t) {
			out = append(out, f)
		}
	}
	return out
}

// ByKey returns the field with the given key.
func (fs Fields) ByKey(key string) (Field, bool) {
	for _, f := range fs {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

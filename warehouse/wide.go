package warehouse

import (
	"fmt"
	"strings"

	"github.com/touming/touming"
)

// wideViewSQL generates report_wide_<template>: one row per latest report of
// that template, a column per field named by its key, and a comment on each
// column with the field's Chinese labels and unit.
func wideViewSQL(fields touming.Fields, t touming.Template) string {
	view := "report_wide_" + string(t)
	fs := fields.For(t)
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE OR REPLACE VIEW %s AS\nSELECT r.id AS report_id, r.source_id, r.url, r.agency, r.region_code, r.region_name,\n", view)
	b.WriteString("\tr.year, r.template, r.title, r.published")
	for _, f := range fs {
		fmt.Fprintf(&b, ",\n\tp.%s", quoteIdent(f.Key))
	}
	b.WriteString("\nFROM reports r LEFT JOIN (\n\tSELECT v.report_id")
	for _, f := range fs {
		fmt.Fprintf(&b, ",\n\t\tmax(v.value) FILTER (WHERE i.key = %s) AS %s", quoteString(f.Key), quoteIdent(f.Key))
	}
	fmt.Fprintf(&b, "\n\tFROM cell_values v JOIN field_ids i ON i.id = v.field_id WHERE v.canonical GROUP BY v.report_id\n) p ON p.report_id = r.id\nWHERE r.latest AND r.template = %s;\n", quoteString(string(t)))
	for _, f := range fs {
		fmt.Fprintf(&b, "COMMENT ON COLUMN %s.%s IS %s;\n", view, quoteIdent(f.Key), quoteString(label(f)))
	}
	return b.String()
}

// label is a field's Chinese description: its table, row and column labels
// as the national template prints them, and its unit.
func label(f touming.Field) string {
	return fmt.Sprintf("表%s %s · %s（%s）", f.Table, f.Row, f.Column, f.Unit)
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

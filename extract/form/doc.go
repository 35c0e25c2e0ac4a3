// Package form reads the national form of the annual report
// (政府信息公开工作年度报告格式, the 2019 and 2021 templates) from a
// sheet.Doc: the canonical fields of its tables 二, 三 and 四, each cell's
// raw text and place, the report's metadata and the checking relations
// (勾稽关系). It is pure: it imports the root package and extract/sheet
// only, never a reader or its library.
//
// Anchors (第二十条, 本列数据的勾稽关系, 行政复议) split the lines into
// tables 二, 三 and 四. Columns are named by their header labels, rows by
// theirs, both compared on folded text (sheet.LabelKey), never by position
// alone: table 三's rows are aligned to the form's row sequence by a
// monotone dynamic-programming match of label similarity, so an extra
// subtotal row or a missing row shifts nothing. Text that lost its grid
// places numbers by count, and when blank cells were dropped, by their
// horizontal position under the header. Narrow columns print one space
// between cells: header words are split and stacked by column where labels
// wrap over lines, each page's columns are brought onto the first page's,
// and a number whose column its position cannot tell is left out rather
// than guessed.
package form

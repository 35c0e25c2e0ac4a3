// Package touming holds the domain of touming (透明): the annual reports on
// government information disclosure (政府信息公开工作年度报告) that Chinese
// government bodies publish, the canonical fields of their standard tables,
// the cells they were read from and the checking relations (勾稽关系) between
// them, and the sources and documents they were fetched from.
//
// This package imports only the standard library. The technology packages
// (crawl, extract, warehouse, charts) import it and not each other;
// cmd/touming wires them together.
package touming

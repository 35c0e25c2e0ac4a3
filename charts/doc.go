// Package charts serves touming's web pages: an overview of what was
// crawled, county comparisons for supervisors (go-echarts charts), one
// report's tables with its failed checks, a data-quality list, and a
// read-only SQL page for analysts.
//
// It reads the warehouse only through touming.Querier, with the SQL kept in
// named files under sql/. The echarts library is embedded in the binary
// (assets/echarts.min.js, fetched by `make assets`) and served at
// /assets/echarts.min.js, so pages load nothing from outside the server:
// they work on an intranet with no internet.
package charts

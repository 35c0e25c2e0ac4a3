package warehouse

// docKey is the key of a recorded document: its URL as one source fetched
// it. Two sources serving the same URL (a city portal linking a county's
// report) each record it, so that each source's reports and region are
// complete (the view report_sources, sql/sources.sql).
func docKey(sourceID, url string) string { return sourceID + " " + url }

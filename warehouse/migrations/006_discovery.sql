-- 006: what each crawl pass found out about a source's portal (discovery).
-- History is kept: one row per source and pass; the latest row is the
-- source's current state.
CREATE TABLE source_discovery (
	source_id     VARCHAR NOT NULL,
	checked_at    TIMESTAMP NOT NULL,
	-- ok, moved, empty, no_column, js_shell, challenge, dead
	status        VARCHAR NOT NULL,
	reason        VARCHAR,
	start_url     VARCHAR,   -- the page the pass started from
	home_url      VARCHAR,   -- the start page's final URL, when fetched
	title         VARCHAR,   -- its <title>
	title_names   VARCHAR,   -- another place the title names: the hint may be another county's
	cms           VARCHAR,   -- TRS, Hanweb, Epoint, gkmlpt, JEECMS
	crawl_delay_s DOUBLE,    -- robots.txt Crawl-delay asked of the host, seconds
	columns       VARCHAR[], -- column pages that listed reports
	previous      VARCHAR[], -- the columns the pass started from
	PRIMARY KEY (source_id, checked_at)
);

-- source_columns: every column URL found for a source, when first and
-- last seen.
CREATE TABLE source_columns (
	source_id  VARCHAR NOT NULL,
	url        VARCHAR NOT NULL,
	first_seen TIMESTAMP NOT NULL,
	last_seen  TIMESTAMP NOT NULL,
	PRIMARY KEY (source_id, url)
);

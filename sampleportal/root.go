package sampleportal

import (
	"fmt"
	"html"
	"net/http"
)

// root answers the portal's own root with a page that says what it is and
// links each county's site, so that someone who opens the address the demo
// prints sees the sample rather than a bare 404. Crawls never start here.
func (p *Portal) root(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>touming 示例门户（新乡市各县政府网站）</title></head><body>
<h1>touming 示例门户</h1>
<p>这是 touming 自带的示例门户：按真实县级政府网站的样子做的几个新乡市县区站点（TRS 与 Hanweb 两种样式），供 <code>touming demo</code>、爬虫测试与基准测试使用。页面上的数字是虚构的。</p>
<ul>`)
	for _, s := range p.sites {
		fmt.Fprintf(w, "<li><a href=\"/%s%s\">%s</a>（%s，区划代码 %s）</li>\n",
			html.EscapeString(s.ID), html.EscapeString(s.Start), html.EscapeString(s.Name), html.EscapeString(s.ID), html.EscapeString(s.Region))
	}
	fmt.Fprint(w, "</ul></body></html>\n")
}

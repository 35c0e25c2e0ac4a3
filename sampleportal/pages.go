package sampleportal

import (
	"fmt"
	"html"
	"sort"
	"strings"
)

func (s *Site) zfxxgkPath() string {
	if s.Style == Hanweb {
		return fmt.Sprintf("/col/col%d/index.html", 100+s.index)
	}
	return "/zwgk/zfxxgk/"
}

// head opens a page; GBK sites declare their charset in a <meta> unless
// they are the one that declares it nowhere.
func (s *Site) head(title string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n<html>\n<head>\n")
	switch {
	case s.gbk && s.meta:
		b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + "\n")
	case !s.gbk:
		b.WriteString(`<meta charset="utf-8">` + "\n")
	}
	fmt.Fprintf(&b, "<title>%s</title>\n</head>\n<body>\n", html.EscapeString(title))
	fmt.Fprintf(&b, `<div class="header"><a href="/"><img src="/images/logo.png" alt="%s"></a></div>`+"\n", s.Name)
	return b.String()
}

const foot = "<div class=\"footer\">主办单位：县人民政府办公室 &nbsp; 网站标识码：4107000001 &nbsp; 豫ICP备05012345号</div>\n</body>\n</html>\n"

// home is the portal's home page: navigation, news with dates and years in
// their titles, and a notice about the reports, but no report link.
func (s *Site) home(prefix string) string {
	var b strings.Builder
	b.WriteString(s.head(s.Name))
	// TRS sites reach the platform through a 政务公开 page, two steps
	nav, label := s.zfxxgkPath(), "政府信息公开"
	if s.Style == TRS {
		nav, label = zwgkPath, "政务公开"
	}
	fmt.Fprintf(&b, `<ul class="nav"><li><a href="%s/">首页</a></li><li><a href="%s/zwdt/">政务动态</a></li>`+
		`<li><a href="%s%s">%s</a></li><li><a href="%s/hdjl/">互动交流</a></li><li><a href="%s/bsfw/">办事服务</a></li></ul>`+"\n",
		prefix, prefix, prefix, nav, label, prefix, prefix)
	b.WriteString(`<div class="news"><ul>` + "\n")
	for i, t := range []string{"%d年全县经济运行情况通报", "%d年度县级预算执行情况审计工作报告", "关于做好%d年度政府信息公开工作年度报告编制发布工作的通知"} {
		y := s.opt.Years[len(s.opt.Years)-1]
		fmt.Fprintf(&b, `<li><a href="%s/zwdt/%d/news_%d.html">%s</a><span>%d-02-0%d</span></li>`+"\n", prefix, y+1, i, fmt.Sprintf(t, y), y+1, i+1)
	}
	b.WriteString("</ul></div>\n")
	fmt.Fprintf(&b, `<div class="links"><a href="https://www.gov.cn/">中国政府网</a> <a href="https://www.henan.gov.cn/">河南省人民政府</a> <a href="http://www.xinxiang.gov.cn/">新乡市人民政府</a></div>`+"\n")
	b.WriteString(foot)
	return b.String()
}

// zwgkPath is the TRS sites' 政务公开 page.
const zwgkPath = "/zwgk/"

// zwgk is the 政务公开 page: news columns, and the way to the platform.
func (s *Site) zwgk(prefix string) string {
	var b strings.Builder
	b.WriteString(s.head("政务公开-" + s.Name))
	b.WriteString(`<div class="zwgk"><ul>` + "\n")
	for _, c := range append(otherColumns()[:3], [2]string{"政府信息公开", s.zfxxgkPath()}) {
		fmt.Fprintf(&b, `<li><a href="%s%s">%s</a></li>`+"\n", prefix, c[1], c[0])
	}
	b.WriteString("</ul></div>\n" + foot)
	return b.String()
}

// zfxxgk is the 政府信息公开 platform page listing its columns.
func (s *Site) zfxxgk(prefix string) string {
	var b strings.Builder
	b.WriteString(s.head("政府信息公开-" + s.Name))
	b.WriteString(`<div class="xxgk-nav"><ul>` + "\n")
	cols := append(otherColumns()[4:], [2]string{"政府信息公开年报", s.List})
	for _, c := range cols {
		fmt.Fprintf(&b, `<li><a href="%s%s">%s</a></li>`+"\n", prefix, c[1], c[0])
	}
	b.WriteString("</ul></div>\n" + foot)
	return b.String()
}

// entries returns the column's lines, newest first, and the links to the
// duplicate and moved reports where the site has them.
func (s *Site) entries() []entry {
	var es []entry
	for _, r := range s.reports {
		if r.Copy {
			continue // linked from its page, not listed
		}
		href := r.Path
		if m := s.movedReport(); m == r {
			href = s.oldPath(r)
		}
		es = append(es, entry{title: r.Title, href: href, date: r.Published})
	}
	es = append(es, s.others...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].date > es[j].date })
	return es
}

// list renders page n (0-based) of the annual-report column.
func (s *Site) list(prefix string, n int) string {
	es := s.entries()
	pages := (len(es) + s.opt.PerPage - 1) / s.opt.PerPage
	lo, hi := n*s.opt.PerPage, min((n+1)*s.opt.PerPage, len(es))
	if lo >= len(es) {
		lo, hi = 0, 0
	}
	var b strings.Builder
	b.WriteString(s.head("政府信息公开年报-" + s.Name))
	fmt.Fprintf(&b, `<div class="position">当前位置：<a href="%s/">首页</a> &gt; <a href="%s%s">政府信息公开</a> &gt; 政府信息公开年报</div>`+"\n",
		prefix, prefix, s.zfxxgkPath())
	if s.Style == TRS {
		s.trsList(&b, prefix, es[lo:hi], n, pages)
	} else {
		s.hanwebList(&b, prefix, es[lo:hi], n, pages)
	}
	if d := s.doubledReport(); d != nil {
		// a 热点 box repeats a report with a tracking query
		fmt.Fprintf(&b, `<div class="hot"><h3>热点关注</h3><a href="%s%s?from=list">%s</a></div>`+"\n", prefix, d.Path, d.Title)
	}
	b.WriteString(foot)
	return b.String()
}

// trsList prints TRS's static list: relative links, and pages that exist
// only as the createPageHTML call, with no plain page links.
func (s *Site) trsList(b *strings.Builder, prefix string, es []entry, n, pages int) {
	dir := strings.TrimSuffix(s.List, "index.htm")
	b.WriteString(`<div class="list"><ul>` + "\n")
	for _, e := range es {
		href := prefix + e.href
		if strings.HasPrefix(e.href, dir) {
			href = "./" + strings.TrimPrefix(e.href, dir)
		}
		fmt.Fprintf(b, `<li><a href="%s" target="_blank" title="%s">%s</a><span class="date">%s</span></li>`+"\n",
			href, html.EscapeString(e.title), html.EscapeString(e.title), e.date)
	}
	b.WriteString("</ul></div>\n<div class=\"page\">\n<script type=\"text/javascript\">\n")
	fmt.Fprintf(b, "var currentPage = %d;\nvar countPage = %d\ncreatePageHTML(countPage, currentPage, \"index\", \"htm\");\n</script>\n</div>\n", n, pages)
}

// hanwebList prints Hanweb's list: the records sit in a datastore inside
// a script as CDATA, and paging is by query string.
func (s *Site) hanwebList(b *strings.Builder, prefix string, es []entry, n, pages int) {
	fmt.Fprintf(b, `<div id="%d"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=%d&path=/&columnid=%d&unitid=%d&webname=%s&permissiontype=0"></a>]]></nextgroup><recordset>`+"\n",
		s.colID+50000, 30+s.index, s.colID, s.colID+50000, s.Name)
	for _, e := range es {
		fmt.Fprintf(b, `<record><![CDATA[<li><a href="%s%s" target="_blank" title="%s">%s</a><span>%s</span></li>]]></record>`+"\n",
			prefix, e.href, html.EscapeString(e.title), html.EscapeString(e.title), e.date)
	}
	b.WriteString("</recordset></datastore></script></div>\n<div class=\"pagination\">")
	link := func(text string, page int) {
		fmt.Fprintf(b, `<a href="%s%s?uid=%d&pageNum=%d">%s</a> `, prefix, s.List, s.colID+50000, page+1, text)
	}
	for i := range pages {
		if i == n {
			fmt.Fprintf(b, "<span class=\"current\">%d</span> ", i+1)
		} else {
			link(fmt.Sprint(i+1), i)
		}
	}
	if n+1 < pages {
		link("下一页", n+1)
		link("尾页", pages-1)
	}
	fmt.Fprintf(b, "<span>共%d页</span></div>\n", pages)
}

// article is a page that is not a report: the notice, the plan, the draft.
func (s *Site) article(prefix string, e entry) string {
	var b strings.Builder
	b.WriteString(s.head(e.title))
	fmt.Fprintf(&b, "<div class=\"article\"><h1>%s</h1><div class=\"info\">发布日期：%s</div>\n<div class=\"content\">", e.title, e.date)
	fmt.Fprintf(&b, "<p>各乡（镇）人民政府，县政府各部门：</p><p>根据《中华人民共和国政府信息公开条例》规定，现就%s有关事项通知如下。</p>", html.EscapeString(e.title))
	b.WriteString("<p>一、高度重视。二、按时完成。三、规范格式。</p></div></div>\n" + foot)
	return b.String()
}

// otherColumns are the columns of 政务公开 (the first three) and of the
// disclosure platform (the rest) that are not the annual reports'.
func otherColumns() [][2]string {
	return [][2]string{{"政策文件", "/zwgk/zcwj/"}, {"政策解读", "/zwgk/zcjd/"}, {"重点领域信息公开", "/zwgk/zdly/"},
		{"", ""}, {"政府信息公开指南", "/zwgk/zfxxgk/zn/"}, {"政府信息公开制度", "/zwgk/zfxxgk/zd/"},
		{"法定主动公开内容", "/zwgk/zfxxgk/fdzdgknr/"}, {"依申请公开", "/zwgk/zfxxgk/ysqgk/"}}
}

// column is one of those other columns: a few dated articles, none a report.
func (s *Site) column(prefix, title string) string {
	var b strings.Builder
	b.WriteString(s.head(title + "-" + s.Name))
	y := s.opt.Years[len(s.opt.Years)-1]
	fmt.Fprintf(&b, "<h2>%s</h2>\n<ul>\n", title)
	for i, t := range []string{"关于印发《%s%d年政务公开工作要点》的通知", "%s%d年政府信息公开指南", "%s%d年法治政府建设情况报告"} {
		fmt.Fprintf(&b, `<li><a href="%s/zwgk/art/%d/%d.html">%s</a><span>%d-03-1%d</span></li>`+"\n",
			prefix, y, i, fmt.Sprintf(t, s.county.name, y), y, i)
	}
	b.WriteString("</ul>\n" + foot)
	return b.String()
}

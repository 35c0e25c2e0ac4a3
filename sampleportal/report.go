package sampleportal

import (
	"fmt"
	"html"
	"strings"

	"github.com/touming/touming"
)

// reportPage renders a report's page in the site's CMS style.
func (s *Site) reportPage(prefix string, r *Report) string {
	var b strings.Builder
	b.WriteString(s.head(r.Title + "-" + s.Name))
	wrap := `<div class="article"><h1 class="title">%s</h1><div class="info">发布时间：%s &nbsp; 来源：%s办公室</div>` + "\n<div class=\"TRS_Editor\">\n"
	if s.Style == Hanweb {
		wrap = `<table class="article"><tr><td class="title">%s</td></tr><tr><td class="info">发布日期：%s 信息来源：%s</td></tr></table>` + "\n<div id=\"zoom\">\n"
	}
	fmt.Fprintf(&b, wrap, html.EscapeString(r.Title), r.Published, r.Agency)
	switch r.Form {
	case FormHTML:
		b.WriteString(reportBody(r))
	case FormImage:
		fmt.Fprintf(&b, `<p style="text-align:center"><img src="%s%s" width="800" alt=""></p>`+"\n", prefix, picturePath(r))
	case FormDOCX, FormPDF, FormScan:
		fmt.Fprintf(&b, "<p>%s%d年政府信息公开工作年度报告全文详见附件。</p>\n", r.Agency, r.Year)
	}
	b.WriteString("</div>\n")
	if r.Attachment != "" {
		href := prefix + r.Attachment
		name := fmt.Sprintf("%s%d年政府信息公开工作年度报告%s", r.Agency, r.Year, attachmentExt(r))
		fmt.Fprintf(&b, `<div class="fj"><p>附件：<a href="%s" target="_blank">%s</a></p></div>`+"\n", html.EscapeString(href), name)
	}
	if c := s.copyOf(r); c != nil {
		name := fmt.Sprintf("%s%d年政府信息公开工作年度报告（附件）.docx", r.Agency, r.Year)
		fmt.Fprintf(&b, `<div class="fj"><p>附件：<a href="%s" target="_blank">%s</a></p></div>`+"\n", html.EscapeString(prefix+c.Attachment), name)
	}
	b.WriteString("</div>\n" + foot)
	return b.String()
}

func attachmentExt(r *Report) string {
	if r.Form == FormDOCX {
		return ".docx"
	}
	return ".pdf"
}

// reportBlocks is the text of a report in the national template's order,
// with its three tables.
func reportBlocks(r *Report) []block {
	w := &tableWriter{v: r.Values, subtotal: r.Defect == DefectSubtotal}
	num := func(k string) string { return format(r.Values[k]) }
	w.para(false, "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。本报告所列数据统计期限为%d年1月1日至%d年12月31日。", r.Year, r.Year)
	w.para(true, "一、总体情况")
	stated := num("apply.new_received.total")
	if p := r.Values["apply.new_received.total"]; p != nil && r.StatedNew != 0 {
		stated = format(touming.Float(*p + r.StatedNew))
	}
	w.para(false, "%d年，%s坚持以公开为常态、不公开为例外，全年新收政府信息公开申请%s件，办理%s件。", r.Year, r.Agency,
		stated, num("apply.total_processed.total"))
	w.para(true, "二、主动公开政府信息情况")
	if r.Template == touming.Template2021 {
		w.active2021()
	} else {
		w.active2019()
	}
	w.para(true, "三、收到和处理政府信息公开申请情况")
	w.applications(r.Template)
	w.para(true, "四、政府信息公开行政复议、行政诉讼情况")
	w.litigation()
	w.para(true, "五、存在的主要问题及改进情况")
	if r.Story != "" {
		w.para(false, "%s", r.Story)
	} else {
		w.para(false, "一是主动公开的深度和广度有待加强；二是政策解读形式较为单一。下一步将加强培训，提升公开质量。")
	}
	w.para(true, "六、其他需要报告的事项")
	w.para(false, "本年度未收取信息处理费。")
	return w.blocks
}

// reportBody prints the blocks as Word-to-web editors leave them: inline
// border styles, every cell's text wrapped in <p> and <span>.
func reportBody(r *Report) string {
	var b strings.Builder
	for _, bl := range reportBlocks(r) {
		if bl.table == nil {
			text := html.EscapeString(bl.para)
			if bl.bold {
				text = "<strong>" + text + "</strong>"
			}
			fmt.Fprintf(&b, "<p style=\"text-indent:2em\">%s</p>\n", text)
			continue
		}
		htmlTable(&b, bl.table)
	}
	return b.String()
}

const tdStyle = `style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt" valign="center"`

func htmlTable(b *strings.Builder, t [][]cellSpec) {
	b.WriteString(`<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;border:none">` + "\n<tbody>\n")
	for _, row := range t {
		b.WriteString("<tr>")
		for _, c := range row {
			b.WriteString("<td " + tdStyle)
			if c.colspan > 1 {
				fmt.Fprintf(b, ` colspan="%d"`, c.colspan)
			}
			if c.rowspan > 1 {
				fmt.Fprintf(b, ` rowspan="%d"`, c.rowspan)
			}
			text := html.EscapeString(c.text)
			if text == "" {
				text = "&nbsp;"
			}
			fmt.Fprintf(b, `><p align="center"><span style="font-size:10.5pt;font-family:宋体">%s</span></p></td>`, text)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

// pdfSource is the page the PDF attachment was printed from (see
// testdata/make.sh): the report's text and tables as a document of its own.
func pdfSource(r *Report) string {
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(r.Title) +
		"</title></head>\n<body>\n<h1 style=\"text-align:center\">" + html.EscapeString(r.Title) + "</h1>\n" +
		reportBody(r) + "</body></html>\n"
}

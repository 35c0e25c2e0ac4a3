package sampleportal

import (
	"fmt"
	"strconv"

	"github.com/touming/touming"
)

// cellSpec is one printed cell of a table.
type cellSpec struct {
	text             string
	colspan, rowspan int
}

// block is a paragraph or a table of a report's body, so that the same
// report can be printed as a web page and as a Word document.
type block struct {
	para  string
	bold  bool
	table [][]cellSpec
}

// tableWriter lays out national-template tables as blocks.
type tableWriter struct {
	blocks   []block
	v        map[string]*float64
	subtotal bool // print the extra 小计 column in table 三
}

func (w *tableWriter) para(bold bool, format string, a ...any) {
	w.blocks = append(w.blocks, block{para: fmt.Sprintf(format, a...), bold: bold})
}

func (w *tableWriter) cell(text string, colspan, rowspan int) {
	t := &w.blocks[len(w.blocks)-1].table
	last := len(*t) - 1
	(*t)[last] = append((*t)[last], cellSpec{text, max(colspan, 1), max(rowspan, 1)})
}

// num prints a value cell; a nil value prints as a blank cell.
func (w *tableWriter) num(key string) {
	w.cell(format(w.v[key]), 1, 1)
}

func format(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func (w *tableWriter) startRow() {
	t := &w.blocks[len(w.blocks)-1].table
	*t = append(*t, nil)
}

func (w *tableWriter) row(f func()) {
	w.startRow()
	f()
}

func (w *tableWriter) open() { w.blocks = append(w.blocks, block{table: [][]cellSpec{}}) }

// active2021 prints table 二 of the 2021 template.
func (w *tableWriter) active2021() {
	w.open()
	w.row(func() { w.cell("第二十条第（一）项", 4, 1) })
	w.row(func() {
		for _, h := range []string{"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"} {
			w.cell(h, 1, 1)
		}
	})
	for _, r := range [][2]string{{"规章", "rules"}, {"行政规范性文件", "normative"}} {
		w.row(func() {
			w.cell(r[0], 1, 1)
			for _, k := range []string{"issued", "repealed", "in_force"} {
				w.num("active." + r[1] + "." + k)
			}
		})
	}
	w.headed("第二十条第（五）项", "本年处理决定数量", [][2]string{{"行政许可", "active.licensing.decisions"}})
	w.headed("第二十条第（六）项", "本年处理决定数量", [][2]string{
		{"行政处罚", "active.penalty.decisions"}, {"行政强制", "active.coercion.decisions"}})
	w.headed("第二十条第（八）项", "本年收费金额（单位：万元）", [][2]string{{"行政事业性收费", "active.fees.amount"}})
}

// headed prints a section of table 二 whose single value spans three columns.
func (w *tableWriter) headed(section, column string, rows [][2]string) {
	w.row(func() { w.cell(section, 4, 1) })
	w.row(func() { w.cell("信息内容", 1, 1); w.cell(column, 3, 1) })
	for _, r := range rows {
		w.row(func() { w.cell(r[0], 1, 1); w.spanNum(r[1], 3) })
	}
}

func (w *tableWriter) spanNum(key string, colspan int) { w.cell(format(w.v[key]), colspan, 1) }

// active2019 prints table 二 of the 2019 template.
func (w *tableWriter) active2019() {
	w.open()
	w.section4("第二十条第（一）项", []string{"信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"},
		[][2]string{{"规章", "rules"}, {"规范性文件", "normative"}}, []string{"made", "published", "total_published"})
	items := []string{"prev_items", "change", "decisions"}
	head := []string{"信息内容", "上一年项目数量", "本年增/减", "处理决定数量"}
	w.section4("第二十条第（五）项", head, [][2]string{{"行政许可", "licensing"}, {"其他对外管理服务事项", "other_services"}}, items)
	w.section4("第二十条第（六）项", head, [][2]string{{"行政处罚", "penalty"}, {"行政强制", "coercion"}}, items)
	w.section4("第二十条第（八）项", head[:3], [][2]string{{"行政事业性收费", "fees"}}, items[:2])
	w.section4("第二十条第（九）项", []string{"信息内容", "采购项目数量", "采购总金额"},
		[][2]string{{"政府集中采购", "procurement"}}, []string{"items", "amount"})
}

func (w *tableWriter) section4(section string, head []string, rows [][2]string, cols []string) {
	w.row(func() { w.cell(section, 4, 1) })
	w.row(func() {
		for i, h := range head {
			w.cell(h, lastSpan(i, len(head)), 1)
		}
	})
	for _, r := range rows {
		w.row(func() {
			w.cell(r[0], 1, 1)
			for i, c := range cols {
				w.cell(format(w.v[key2019(r[1], c)]), lastSpan(i+1, len(cols)+1), 1)
			}
		})
	}
}

// lastSpan widens the last cell of a three-cell row to fill four columns.
func lastSpan(i, n int) int {
	if n == 3 && i == 2 {
		return 2
	}
	return 1
}

// key2019 maps a 2019 table 二 cell to its field key: 处理决定数量 of
// licensing, penalty and coercion are the fields both templates share.
func key2019(row, col string) string {
	if col == "decisions" && row != "other_services" {
		return "active." + row + ".decisions"
	}
	return "active2019." + row + "." + col
}

// applications prints table 三.
func (w *tableWriter) applications(t touming.Template) {
	w.open()
	orgs := []string{"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}
	nOrg := len(orgs)
	if w.subtotal {
		orgs, nOrg = append(orgs, "小计"), nOrg+1
	}
	w.row(func() {
		w.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
		w.cell("申请人情况", 1+nOrg+1, 1)
	})
	w.row(func() { w.cell("自然人", 1, 2); w.cell("法人或其他组织", nOrg, 1); w.cell("总计", 1, 2) })
	w.row(func() {
		for _, o := range orgs {
			w.cell(o, 1, 1)
		}
	})
	w.appRow("一、本年新收政府信息公开申请数量", 3, "new_received")
	w.appRow("二、上年结转政府信息公开申请数量", 3, "carried_over")
	w.results(t)
	w.appRow("四、结转下年度继续办理", 3, "carried_forward")
}

// results prints the rows of 三、本年度办理结果.
func (w *tableWriter) results(t touming.Template) {
	span := 22
	if t == touming.Template2019 {
		span = 20
	}
	w.startRow()
	w.cell("三、本年度办理结果", 1, span)
	w.appCells("（一）予以公开", 2, "granted")
	w.appRow("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2, "partial")
	w.group("（三）不予公开", []string{"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
		"4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"},
		[]string{"denied_state_secret", "denied_law_forbidden", "denied_three_security", "denied_third_party",
			"denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query"})
	w.group("（四）无法提供", []string{"1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"},
		[]string{"unable_not_held", "unable_needs_creation", "unable_unclear"})
	w.group("（五）不予处理", []string{"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
		"4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"},
		[]string{"rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirm"})
	if t == touming.Template2019 {
		w.appRow("（六）其他处理", 2, "other_total")
	} else {
		w.group("（六）其他处理", []string{"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
			"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"},
			[]string{"other_no_correction", "other_unpaid_fee", "other_other"})
	}
	w.appRow("（七）总计", 2, "total_processed")
}

func (w *tableWriter) group(label string, subs, keys []string) {
	for i := range subs {
		w.startRow()
		if i == 0 {
			w.cell(label, 1, len(subs))
		}
		w.cell(subs[i], 1, 1)
		w.appCells("", 0, keys[i])
	}
}

func (w *tableWriter) appRow(label string, colspan int, key string) {
	w.startRow()
	w.appCells(label, colspan, key)
}

// appCells prints a row label (unless colspan is 0) and the row's values.
func (w *tableWriter) appCells(label string, colspan int, key string) {
	if colspan > 0 {
		w.cell(label, colspan, 1)
	}
	var sub float64
	for _, c := range applicantCols() {
		p := w.v["apply."+key+"."+c]
		w.num("apply." + key + "." + c)
		if c != "natural_person" && p != nil {
			sub += *p
		}
	}
	if w.subtotal {
		w.cell(format(&sub), 1, 1)
	}
	w.num("apply." + key + ".total")
}

// litigation prints table 四.
func (w *tableWriter) litigation() {
	w.open()
	w.row(func() { w.cell("行政复议", 5, 1); w.cell("行政诉讼", 10, 1) })
	outs := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	w.row(func() {
		for _, o := range outs {
			w.cell(o, 1, 2)
		}
		w.cell("未经复议直接起诉", 5, 1)
		w.cell("复议后起诉", 5, 1)
	})
	w.row(func() {
		for range 2 {
			for _, o := range outs {
				w.cell(o, 1, 1)
			}
		}
	})
	w.row(func() {
		for _, g := range []string{"review", "lit_direct", "lit_after_review"} {
			for _, k := range []string{"upheld", "corrected", "other", "pending", "total"} {
				w.num(g + "." + k)
			}
		}
	})
}

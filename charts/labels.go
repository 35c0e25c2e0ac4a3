package charts

import (
	"html/template"
	"regexp"
	"strings"

	"github.com/touming/touming"
)

// Pages speak the form's language: a cell is named by its table, row and
// column as the national form prints them (三（七）总计 · 总计列), not by its
// field key; the key stays in a tooltip for analysts who query it.

// labeler names field keys and check results in the form's words.
type labeler struct {
	fields touming.Fields
}

// fieldLabel is key's label: the table, the row's path below the table's
// own heading, and the column, e.g. 三（七）总计 · 总计列. An unknown key
// (an extension field) is returned as it is.
func (l labeler) fieldLabel(key string) string {
	f, ok := l.fields.ByKey(key)
	if !ok {
		return key
	}
	return f.Table + rowText(f.Row) + " · " + columnText(f.Column)
}

// rowText is a row path without the table's own heading when it has one
// (三、本年度办理结果/（七）总计 → （七）总计); a top-level row keeps its
// words with a space after the table's name.
func rowText(row string) string {
	parts := splitPath(row)
	if len(parts) > 1 {
		return strings.Join(parts[1:], "")
	}
	return " " + parts[0]
}

// columnText is a column's last part with 列 (商业企业列, 总计列).
func columnText(col string) string {
	parts := splitPath(col)
	last := parts[len(parts)-1]
	if strings.HasSuffix(last, "列") {
		return last
	}
	return last + "列"
}

// slashLabels are labels the form prints with a slash of their own, which
// the fields' "/" path separator must not split.
var slashLabels = []string{"本年增/减"}

// joinSlashLabels protects the form's own slashes with a full-width one
// (本年增/减 → 本年增／减), so that a path splits only where it nests.
func joinSlashLabels(s string) string {
	for _, l := range slashLabels {
		s = strings.ReplaceAll(s, l, strings.ReplaceAll(l, "/", "／"))
	}
	return s
}

// splitPath splits a label path where it nests, keeping 本年增/减 whole.
func splitPath(path string) []string {
	parts := strings.Split(joinSlashLabels(path), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(p, "／", "/")
	}
	return parts
}

// ruleTexts say what each check rule checks, in the form's words.
var ruleTexts = map[string]string{
	"C1": "新收 + 上年结转 = 办理结果总计 + 结转下年度",
	"C2": "各项办理结果之和 = （七）总计",
	"C3": "各类申请人之和 = 总计列",
	"C4": "结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计",
	"C6": "件数应为不小于 0 的整数",
}

// ruleText is the Chinese statement of rule, or the rule itself.
func ruleText(rule string) string {
	if t, ok := ruleTexts[rule]; ok {
		return t
	}
	return rule
}

// subjectLabel names a check's subject: a field key, or C1's column
// pattern apply.*.<column> (三 · 自然人列), or "counts" (C6 passing).
func (l labeler) subjectLabel(subject string) string {
	if strings.HasPrefix(subject, "apply.*.") {
		col := strings.TrimPrefix(subject, "apply.*.")
		if f, ok := l.fields.ByKey("apply.new_received." + col); ok {
			return "三 · " + columnText(f.Column)
		}
	}
	if subject == "counts" {
		return "全部件数"
	}
	return l.fieldLabel(subject)
}

var (
	keyPattern   = regexp.MustCompile(`[a-z][a-z0-9_]*(?:\.[a-z0-9_*]+)+`)
	messageWords = strings.NewReplacer(
		"null cells left out: ", "未计入的空白单元格：",
		": a count must be whole and not negative", "：件数应为不小于 0 的整数",
		"null", "空白", "; ", "；", ", ", "、")
)

// checkMessage is a check's message with every field key replaced by its
// label and the English words in Chinese: "240 ≠ 238；未计入的空白单元格：
// 三（三）不予公开1.属于国家秘密 · 总计列".
func (l labeler) checkMessage(msg string) string {
	msg = keyPattern.ReplaceAllStringFunc(msg, func(k string) string {
		if _, ok := l.fields.ByKey(k); ok {
			return "\x00" + l.fieldLabel(k) + "\x01"
		}
		return k
	})
	parts := strings.Split(msg, "\x00")
	for i, p := range parts {
		label, rest, ok := strings.Cut(p, "\x01")
		if !ok {
			parts[i] = messageWords.Replace(p)
			continue
		}
		parts[i] = label + messageWords.Replace(rest)
	}
	return strings.Join(parts, "")
}

// statusTexts are documents' statuses as a page reads them.
var statusTexts = map[string]string{
	touming.StatusOK:          "已读取",
	touming.StatusNotReport:   "不是年度报告",
	touming.StatusNoTables:    "没有找到报告的表格",
	touming.StatusNoText:      "没有文字层（扫描图片，需要 OCR）",
	touming.StatusUnsupported: "不支持的文件格式",
	touming.StatusEmpty:       "空文件（0 字节）",
	touming.StatusPartial:     "部分读取（缺少或截断的表格）",
	touming.StatusFailed:      "抓取或读取失败",
	touming.StatusOCRVerified: "OCR 读取，勾稽关系全部成立",
	touming.StatusOCRReview:   "OCR 读取，待人工核对",
}

// statusText is a document status in Chinese, or the status itself.
func statusText(status string) string {
	if t, ok := statusTexts[status]; ok {
		return t
	}
	return status
}

// reasons are the Chinese reasons a document gave no report, by what its
// error says: the first whose words all appear wins.
var reasons = []struct {
	words []string
	zh    string
}{
	{[]string{"OCR unavailable"}, "表格是图片，本机没有安装 OCR（tesseract-ocr 与 tesseract-ocr-chi-sim），无法读出。"},
	{[]string{"no text layer"}, "PDF 没有文字层（扫描件），需要 OCR 才能读取。"},
	{[]string{"no standard tables"}, "没有读到二、三、四中的任何一张标准表格。"},
	{[]string{"not an annual report"}, "不是政府信息公开工作年度报告。"},
	{[]string{"encrypted"}, "文件加密，无法读取。"},
	{[]string{"corrupt"}, "文件损坏，无法读取。"},
	{[]string{"HTTP"}, "抓取时服务器返回错误。"},
	{[]string{"timeout"}, "抓取超时。"},
}

// reasonText is why a document gave no report, in Chinese: from its error
// when the words are known, else from its status.
func reasonText(status, err string) string {
	for _, r := range reasons {
		all := true
		for _, w := range r.words {
			all = all && strings.Contains(err, w)
		}
		if all {
			return r.zh
		}
	}
	return statusText(status)
}

// funcs are the template functions that need the field list.
func (l labeler) funcs() template.FuncMap {
	return template.FuncMap{"fieldLabel": l.fieldLabel, "subjectLabel": l.subjectLabel,
		"checkMessage": l.checkMessage, "ruleText": ruleText, "statusText": statusText, "reasonText": reasonText}
}

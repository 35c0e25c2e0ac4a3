package sampleportal

import (
	"fmt"
	"strings"
)

// AuditDefect names a flaw the audit's rules (docs/audit.md) find in a
// county's own report, across years or between text and table; the
// checks inside one report still hold.
type AuditDefect string

// The audit defects, one county and year each (faults on).
const (
	// AuditLate: published on 15 April, after the 3月31日 deadline of a
	// people's government (条例 第四十九条).
	AuditLate AuditDefect = "late"
	// AuditCarryOver: one application moved between two columns of
	// 二、上年结转 (and back in 一、本年新收, so that the year's own sums
	// hold): it disagrees with last year's 结转下年度 in those two columns.
	AuditCarryOver AuditDefect = "carry-over"
	// AuditCopied: section 五 repeats last year's text word for word.
	AuditCopied AuditDefect = "copied"
	// AuditNarrative: section 一 states 10 more applications than table 三.
	AuditNarrative AuditDefect = "narrative"
)

// auditDefect is the audit flaw of the county's own report of year.
func (s *Site) auditDefect(year int) AuditDefect {
	if s.opt.Plain || s.index >= len(counties()) {
		return ""
	}
	switch {
	case s.index == 1 && year == 2022:
		return AuditLate
	case s.index == 3 && year == 2021:
		return AuditCarryOver
	case s.index == 0 && year == 2023:
		return AuditCopied
	case s.index == 6 && year == 2021:
		return AuditNarrative
	}
	return ""
}

// applyAudit gives a county's own report its audit defect; r.Story is the
// long text of its section 五 (the copied report and the year it copies
// print one; others print only the short standard sentences).
func (s *Site) applyAudit(r *Report, v map[string]*float64) {
	r.Audit = s.auditDefect(r.Year)
	if s.auditDefect(r.Year+1) == AuditCopied || r.Audit == AuditCopied {
		r.Story = story(s.Name)
	}
	switch r.Audit {
	case AuditLate:
		r.Published = fmt.Sprintf("%d-04-15", r.Year+1)
	case AuditCarryOver:
		shiftApplicant(v)
	case AuditNarrative:
		r.StatedNew = 10
	}
}

// shiftApplicant moves one application of 二、上年结转 from a column a to a
// column b, and one of 一、本年新收 from b to a: each column's and each
// row's sums hold (C1, C3), last year's 结转下年度 no longer matches (C5).
func shiftApplicant(v map[string]*float64) {
	for _, a := range applicantKeys {
		for _, b := range applicantKeys {
			ca, nb := v["apply.carried_over."+a], v["apply.new_received."+b]
			if a == b || ca == nil || nb == nil || *ca < 1 || *nb < 1 || v["apply.carried_over."+b] == nil || v["apply.new_received."+a] == nil {
				continue
			}
			set(v, "apply.carried_over."+a, *ca-1)
			set(v, "apply.carried_over."+b, *v["apply.carried_over."+b]+1)
			set(v, "apply.new_received."+b, *nb-1)
			set(v, "apply.new_received."+a, *v["apply.new_received."+a]+1)
			return
		}
	}
}

// applicantKeys are table 三's applicant columns, 自然人 first.
var applicantKeys = []string{"natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"}

// story is a county's long account of its problems and plans (section
// 五), long enough for the copying rule to compare.
func story(gov string) string {
	return strings.Join([]string{
		gov + "政务公开工作仍存在一些不足：一是政策解读的针对性和实效性不够强，图文解读、视频解读等形式运用较少；",
		"二是基层政务公开标准化规范化建设推进不平衡，部分乡镇和部门公开目录更新不及时；",
		"三是依申请公开办理的答复文书还不够规范。下一步，我们将进一步健全政策解读机制，",
		"推动解读材料与政策文件同步起草、同步审批、同步发布；加强对乡镇和部门的业务指导与培训，",
		"定期开展网站栏目检查，确保信息发布及时准确；完善依申请公开办理流程，统一答复文书格式，",
		"提升办理质量和群众满意度，持续推进政务公开工作提质增效。",
	}, "")
}

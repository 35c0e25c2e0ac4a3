// Package hant folds a document printed in traditional script (繁體: many
// portals offer a traditional version of every page, and a crawler can land
// on it) to simplified for matching: each cell's label key, the title and
// the body are converted with OpenCC's maintained dictionaries (Taiwan
// phrases to mainland ones, so that regional words such as 檔案 for 文件
// match too), while each cell's Raw text stays as printed.
package hant

import (
	"fmt"
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"

	"github.com/touming/touming/extract/sheet"
)

// converter is OpenCC's tw2sp conversion (traditional with Taiwan phrases
// to simplified with mainland phrases), loaded on first use: its
// dictionaries take a moment to build, and most documents never need it.
var converter = sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("tw2sp") })

// marks are characters that only traditional script uses, common in
// reports (條 項 規範 數 處罰 申請 總計 資訊 …): a document that prints
// several is traditional.
const marks = "條項規範數處罰請總計資訊開發據縣區機關辦會議複議訴訟結擬內門戶網頁權當對審處務數據為與機構"

// markSet is marks as a set: the check runs on every document.
var markSet = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range marks {
		m[r] = true
	}
	return m
}()

// minMarks is how many traditional-only characters make a document
// traditional; a simplified page may quote a name or two.
const minMarks = 8

// Traditional reports whether text is printed in traditional script.
func Traditional(text string) bool {
	n := 0
	for _, r := range text {
		if r >= 0x4e00 && markSet[r] {
			if n++; n >= minMarks {
				return true
			}
		}
	}
	return false
}

// Fold converts a traditional-script Doc for matching in place: Title,
// Body and every cell's Key; Raw is kept as printed. A simplified Doc is
// left as it is.
func Fold(doc *sheet.Doc) error {
	if !Traditional(sample(doc.Body)) {
		return nil
	}
	cc, err := converter()
	if err != nil {
		return fmt.Errorf("traditional script: %w", err)
	}
	seen := map[string]string{} // labels repeat: convert each once
	conv := func(s string) (string, error) {
		if out, ok := seen[s]; ok {
			return out, nil
		}
		out, err := cc.Convert(s)
		if err != nil {
			return "", fmt.Errorf("traditional script: %w", err)
		}
		seen[s] = out
		return out, nil
	}
	if doc.Title, err = conv(doc.Title); err != nil {
		return err
	}
	if doc.Body, err = cc.Convert(doc.Body); err != nil {
		return fmt.Errorf("traditional script: %w", err)
	}
	if doc.Title == "" { // the reader looked for 年度报告 in 年度報告
		if doc.Title = sheet.TitleOf("", doc.Body); doc.Title == "" {
			doc.Title = sheet.TextTitle(strings.SplitN(doc.Body, "\n", 8))
		}
	}
	for i := range doc.Lines {
		for j := range doc.Lines[i].Cells {
			c := &doc.Lines[i].Cells[j]
			if c.Key == "" {
				continue
			}
			s, err := conv(c.Raw)
			if err != nil {
				return err
			}
			c.Key = sheet.LabelKey(s)
		}
	}
	return nil
}

// sample is the opening of a body, enough to tell its script.
func sample(body string) string {
	if len(body) > 4<<10 {
		return body[:4<<10]
	}
	return body
}

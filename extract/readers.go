package extract

import (
	"github.com/touming/touming"
	"github.com/touming/touming/extract/form"
	"github.com/touming/touming/extract/hant"
	"github.com/touming/touming/extract/html"
	"github.com/touming/touming/extract/sheet"
)

// fromHTML reads a report page.
func fromHTML(in Input) (*touming.Report, error) {
	doc, err := html.Read(in.Data, in.ContentType, in.Title)
	if err != nil {
		return nil, err
	}
	return readForm(doc)
}

// readForm reads the national form from a reader's Doc, its labels folded
// to simplified script first when it is printed in traditional.
func readForm(doc sheet.Doc) (*touming.Report, error) {
	if err := hant.Fold(&doc); err != nil {
		return nil, err
	}
	return form.Read(doc)
}

package extract

import (
	"github.com/touming/touming"
	"github.com/touming/touming/extract/form"
	"github.com/touming/touming/extract/html"
)

// fromHTML reads a report page.
func fromHTML(in Input) (*touming.Report, error) {
	doc, err := html.Read(in.Data, in.ContentType, in.Title)
	if err != nil {
		return nil, err
	}
	return form.Read(doc)
}

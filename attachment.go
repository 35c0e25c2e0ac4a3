package touming

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInAttachment: the document is a report's page whose report is in an
// attachment (全文详见附件, 点击下载), not a list of reports: the attachment
// is to be fetched and read instead. It wraps ErrNotReport (status
// not_report): the page itself holds no tables, and a crawler that follows
// a page's attachments already withholds such a page from its failures.
var ErrInAttachment = fmt.Errorf("%w: its report is in an attachment", ErrNotReport)

// InAttachment is the error extraction returns for such a page, with the
// attachment links as the page prints them (resolve them against the
// page's URL). It wraps ErrInAttachment.
type InAttachment struct {
	Links []string
}

// Error names the links.
func (e *InAttachment) Error() string {
	return ErrInAttachment.Error() + ": " + strings.Join(e.Links, ", ")
}

// Unwrap makes errors.Is(err, ErrInAttachment) hold.
func (e *InAttachment) Unwrap() error { return ErrInAttachment }

// AttachmentLinks returns the attachment links of an extraction error that
// says the report is in an attachment, and whether it says so.
func AttachmentLinks(err error) ([]string, bool) {
	var ia *InAttachment
	if errors.As(err, &ia) {
		return ia.Links, true
	}
	return nil, false
}

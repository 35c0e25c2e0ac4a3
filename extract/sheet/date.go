package sheet

import (
	"fmt"
	"regexp"
	"strconv"
)

// dateRe finds a date written 2024-01-20, 2024/1/20, 2024.01.20,
// 2024年1月20日 or 20240120 (with a time after it or not).
var dateRe = regexp.MustCompile(`((?:19|20)\d{2})(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(\d{2})(\d{2}))`)

// Date reads the first date in s as YYYY-MM-DD; ok is false when s holds
// none, or one that is no calendar date.
func Date(s string) (date string, ok bool) {
	m := dateRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	mo, d := m[2], m[3]
	if mo == "" {
		mo, d = m[4], m[5]
	}
	y, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(mo)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mi, di), true
}

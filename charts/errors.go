package charts

import (
	"errors"
	"fmt"
	"net/http"
)

// The people who read these pages read Chinese. An error page says what
// happened in Chinese first; the technical detail (DuckDB's own words, a
// file name) follows on a smaller line, for the analyst or administrator
// who has to fix it.

// statusTitles are the Chinese titles of the statuses the pages answer.
var statusTitles = map[int]string{
	http.StatusBadRequest:            "请求有误",
	http.StatusNotFound:              "没有找到",
	http.StatusMethodNotAllowed:      "不支持这种请求方式",
	http.StatusRequestEntityTooLarge: "请求太大",
	http.StatusInternalServerError:   "服务器出错",
	http.StatusServiceUnavailable:    "暂时无法提供服务",
	http.StatusGatewayTimeout:        "查询超时",
}

// statusHints are what a user can do about each status.
var statusHints = map[int]string{
	http.StatusBadRequest:          "请检查地址中的参数。",
	http.StatusNotFound:            "这个地址没有对应的页面或数据，可能是链接有误，或数据已被更新。",
	http.StatusMethodNotAllowed:    "请从页面上的链接或表单访问。",
	http.StatusInternalServerError: "读取数据时出错。请稍后再试；如果一直出错，请把下面的技术细节告诉管理员。",
	http.StatusServiceUnavailable:  "请稍后再试。",
}

// statusTitle is the Chinese title of status, or Go's English text for a
// status the pages never answer.
func statusTitle(status int) string {
	if t, ok := statusTitles[status]; ok {
		return t
	}
	return http.StatusText(status)
}

// zhError is an error with a Chinese sentence for the page; Error() keeps
// the English detail for logs and tests.
type zhError struct {
	zh  string
	err error
}

func (e *zhError) Error() string { return e.err.Error() }
func (e *zhError) Unwrap() error { return e.err }

// userErr wraps err with the Chinese sentence a page shows for it.
func userErr(zh string, err error) error {
	return &zhError{zh: zh, err: err}
}

// userErrf is userErr with a formatted English detail.
func userErrf(zh, format string, args ...any) error {
	return &zhError{zh: zh, err: fmt.Errorf(format, args...)}
}

// errorText splits err into the Chinese sentence a page leads with and the
// detail line under it.
func errorText(status int, err error) (message, detail string) {
	var z *zhError
	if errors.As(err, &z) {
		return z.zh, err.Error()
	}
	hint := statusHints[status]
	if hint == "" {
		hint = statusTitle(status) + "。"
	}
	if err == nil {
		return hint, ""
	}
	return hint, err.Error()
}

// notFound answers every path no page has, as a page rather than Go's
// plain-text "404 page not found".
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, http.StatusNotFound, userErrf("没有这个页面："+r.URL.Path, "no page at %s", r.URL.Path))
}

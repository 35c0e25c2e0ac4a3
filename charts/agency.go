package charts

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// agencyPage is the data of the agency template.
type agencyPage struct {
	Meta    rowMap
	Kind    string
	Reports []rowMap
	Trends  []panel
}

// agencyByIDOrName serves /agency/{name}: an agency's page by its id
// (agencies.id), or the browse pages' list of the reports published under
// a name (/agency/新乡县人民政府).
func (s *Server) agencyByIDOrName(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("name"), 10, 64)
	if err != nil {
		s.agency(w, r)
		return
	}
	s.agencyPage(w, r, id)
}

func (s *Server) agencyPage(w http.ResponseWriter, r *http.Request, id int64) {
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	meta, err := s.query(ctx, "agency_meta", id)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if len(meta.Rows) == 0 {
		s.fail(w, http.StatusNotFound, fmt.Errorf("no agency with id %d in the warehouse", id))
		return
	}
	reports, err := s.query(ctx, "agency_reports", id)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	values, err := s.bodyValues(ctx, reports)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	p := &agencyPage{Meta: rowMaps(meta)[0], Reports: rowMaps(reports)}
	p.Kind = kindLabel(p.Meta.Str("kind"), p.Meta.Str("dept_type"))
	p.Trends = bodyTrends(values, csvLink("/agency/"+strconv.FormatInt(id, 10), r.URL.Query()), false)
	if name := r.URL.Query().Get("csv"); name != "" {
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("agency-%d-%s.csv", id, name)))
		s.sendPanelCSV(w, name, append(p.Trends, panel{Name: "reports", Data: reports})...)
		return
	}
	s.render(w, http.StatusOK, "agency", p.Meta.Str("name"), p)
}

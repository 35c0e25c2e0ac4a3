package registry

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T) *Registry {
	t.Helper()
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// dataRows counts a shipped file's lines after its header, independently
// of the loader.
func dataRows(t *testing.T, name string) int {
	b, err := hintFiles.ReadFile("hints/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(strings.TrimRight(string(b), "\n"), "\n")
}

// TestEveryRowAccounted: each row of both hints files has one account,
// and every row that is not plainly matched says why.
func TestEveryRowAccounted(t *testing.T) {
	r := load(t)
	per := map[string]map[Outcome]int{}
	for _, a := range r.Accounts {
		if per[a.File] == nil {
			per[a.File] = map[Outcome]int{}
		}
		per[a.File][a.Outcome]++
		switch a.Outcome {
		case Matched:
			if _, ok := r.regions[a.Code]; !ok {
				t.Errorf("%s row %d matched to %q, not a division", a.File, a.Row, a.Code)
			}
		case Ambiguous, Unmatched:
			if a.Reason == "" || a.Code != "" {
				t.Errorf("%s row %d %s: reason %q, code %q", a.File, a.Row, a.Outcome, a.Reason, a.Code)
			}
		default:
			t.Errorf("%s row %d: outcome %q", a.File, a.Row, a.Outcome)
		}
	}
	for _, f := range []string{"portal-hints.tsv", "xxgk-hints.tsv"} {
		sum := per[f][Matched] + per[f][Ambiguous] + per[f][Unmatched]
		if want := dataRows(t, f); sum != want {
			t.Errorf("%s: %d rows accounted (%v), the file has %d", f, sum, per[f], want)
		}
	}
	// the README's counts: 4 duplicate pairs, 3 of them a county listing
	// its city (the city keeps its portal), so 5 ambiguous rows; 12 xxgk
	// rows without a code
	if got := per["portal-hints.tsv"][Ambiguous]; got != 5 {
		t.Errorf("portal-hints: %d ambiguous rows, want 5 (putuo ×2, 珲春, 贵池, 大冶)", got)
	}
	if got := per["xxgk-hints.tsv"][Unmatched]; got != 12 {
		t.Errorf("xxgk-hints: %d unmatched rows, want the 12 without a code", got)
	}
}

func account(t *testing.T, r *Registry, file, name string) Account {
	t.Helper()
	for _, a := range r.Accounts {
		if a.File == file && a.Name == name {
			return a
		}
	}
	t.Fatalf("%s: no account for %s", file, name)
	return Account{}
}

// TestRowOutcomes: the rows the README singles out get the outcome and
// reason it describes.
func TestRowOutcomes(t *testing.T) {
	r := load(t)
	for _, c := range []struct {
		file, name string
		want       Outcome
		reason     string
	}{
		{"portal-hints.tsv", "河南省/新乡市/新乡县", Matched, ""},
		{"portal-hints.tsv", "上海市/普陀区", Ambiguous, "浙江省/舟山市/普陀区"},
		{"portal-hints.tsv", "浙江省/舟山市/普陀区", Ambiguous, "上海市/普陀区"},
		{"portal-hints.tsv", "吉林省/延边朝鲜族自治州/珲春市", Ambiguous, "city's portal"},
		{"portal-hints.tsv", "吉林省/延边朝鲜族自治州", Matched, ""},
		{"portal-hints.tsv", "重庆市/两江新区", Unmatched, "functional zone"},
		{"portal-hints.tsv", "福建省/泉州市/金门县", Unmatched, "no URL"},
		{"portal-hints.tsv", "香港特别行政区", Unmatched, "not in the division list"},
		{"portal-hints.tsv", "新疆维吾尔自治区/新疆生产建设兵团", Unmatched, "not a division"},
		{"xxgk-hints.tsv", "江苏省/连云港市/灌云县", Matched, "catch-all"},
		{"xxgk-hints.tsv", "江苏省/南京市/高淳区", Matched, "anchor"},
		{"xxgk-hints.tsv", "江苏省/南京市/南京江北新区", Unmatched, "no division code"},
	} {
		a := account(t, r, c.file, c.name)
		if a.Outcome != c.want || !strings.Contains(a.Reason, c.reason) {
			t.Errorf("%s %s: %s %q, want %s with %q", c.file, c.name, a.Outcome, a.Reason, c.want, c.reason)
		}
	}
}

// TestEntries: hints become entries marked as hints, never verified.
func TestEntries(t *testing.T) {
	r := load(t)
	e, _ := r.Entry("410721")
	if !e.Usable() || e.Verified != "" || len(e.From) != 1 || e.From[0].File != "portal-hints.tsv" || e.Path != "河南省/新乡市/新乡县" {
		t.Errorf("410721: %+v", e)
	}
	if e, _ := r.Entry("310107"); e.Usable() || !strings.Contains(e.Problem, "ambiguous") {
		t.Errorf("310107 上海 普陀区 shares its host with 舟山's: %+v", e)
	}
	if e, _ := r.Entry("620201"); e.Portal == "" {
		t.Errorf("620201 嘉峪关市 (county) should share the city's portal: %+v", e)
	}
	if e, _ := r.Entry("320102"); !strings.HasSuffix(e.Column, "/zwgk/") || len(e.From) != 2 {
		t.Errorf("320102 玄武区: column from xxgk-hints: %+v", e)
	}
	if e, _ := r.Entry("320723"); e.Column != "" || e.Portal == "" {
		t.Errorf("320723 灌云县: the provincial catch-all page is not its column: %+v", e)
	}
	if e, _ := r.Entry("500112"); e.Usable() || e.Problem != "no portal URL known" {
		t.Errorf("500112 渝北区 has no row: %+v", e)
	}
	if e, _ := r.Entry("320576"); e.Portal == "" || !e.Zone() {
		t.Errorf("320576 苏州工业园区 (a zone) from xxgk-hints: %+v", e)
	}
}

func TestSelect(t *testing.T) {
	r := load(t)
	for _, sel := range []string{"41", "410000"} {
		es, err := r.Select(sel)
		if err != nil {
			t.Fatal(err)
		}
		var county, city, prov int
		for _, e := range es {
			if !strings.HasPrefix(e.Code, "41") {
				t.Errorf("%s selected %s", sel, e.Code)
			}
			switch {
			case r.CountyLevel(e):
				county++
			case e.Level == "city":
				city++
			default:
				prov++
			}
		}
		if prov != 1 || city != 17 || county < 150 {
			t.Errorf("%s: %d province, %d city, %d county entries", sel, prov, city, county)
		}
	}
	es, _ := r.Select("4107", "county")
	for _, e := range es {
		if !strings.HasPrefix(e.Code, "4107") || e.Level != "county" {
			t.Errorf("4107 county: %+v", e)
		}
	}
	if es, _ := r.Select("410721"); len(es) != 1 || es[0].Code != "410721" {
		t.Errorf("410721: %+v", es)
	}
	if es, _ := r.Select("11", "city"); len(es) != 0 {
		t.Errorf("北京 has no city but its 市辖区 placeholder, which is left out: %+v", es)
	}
	for _, bad := range []string{"4", "41x", "990000", "419999"} {
		if _, err := r.Select(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("Select(%q): %v", bad, err)
		}
	}
}

func TestSources(t *testing.T) {
	r := load(t)
	es, _ := r.Select("62")
	planned, skipped := r.Sources(es)
	var jyg []Planned
	for _, p := range planned {
		if strings.HasPrefix(p.Source.Region, "6202") {
			jyg = append(jyg, p)
		}
	}
	if len(jyg) != 1 || jyg[0].Source.Region != "620201" || len(jyg[0].Also) != 1 || jyg[0].Source.ID != "cn-620201" {
		t.Errorf("嘉峪关 city and county are one portal, one source: %+v", jyg)
	}
	for _, s := range skipped {
		if s.Usable() {
			t.Errorf("skipped a usable entry %s", s.Code)
		}
	}
	es, _ = r.Select("320102")
	planned, _ = r.Sources(es)
	if len(planned) != 1 || len(planned[0].Source.Start) != 2 || !strings.HasSuffix(planned[0].Source.Start[0], "/zwgk/") {
		t.Errorf("玄武区: the column first, then the home page: %+v", planned)
	}
	if planned[0].Source.Name != "玄武区人民政府" {
		t.Errorf("name %q", planned[0].Source.Name)
	}
}

// TestShippedCopies: the embedded hints are the shared folder's files,
// unchanged, when that folder is beside the repository (it is not needed).
func TestShippedCopies(t *testing.T) {
	for name, shared := range map[string]string{"portal-hints.tsv": "portal-hints.tsv", "xxgk-hints.tsv": "xxgk-hints.tsv", "PROVENANCE.md": "README.md"} {
		want, err := os.ReadFile(filepath.Join("..", "..", "shared", "registry", shared))
		if err != nil {
			t.Skipf("../shared/registry not here: %v", err)
		}
		got, _ := hintFiles.ReadFile("hints/" + name)
		if !bytes.Equal(got, want) {
			t.Errorf("registry/hints/%s differs from shared/registry/%s: copy it again", name, shared)
		}
	}
}

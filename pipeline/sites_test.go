package pipeline

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// TestSitesShareAHost: sources on one host are one site (one politeness
// key), and a source whose start URLs span two hosts joins both hosts'
// sources into one site.
func TestSitesShareAHost(t *testing.T) {
	src := func(id string, start ...string) touming.Source {
		return touming.Source{ID: id, Name: id, Start: start}
	}
	sites := Sites([]touming.Source{
		src("a", "http://xx.gov.cn/zwgk/a/"), src("b", "http://XX.gov.cn/zwgk/b/"),
		src("c", "http://yy.gov.cn/"), src("d", "http://zz.gov.cn/", "http://ww.gov.cn/"),
		src("e", "https://ww.gov.cn/nb/"), src("f", "not a url"),
	})
	var got []string
	for _, s := range sites {
		ids := ""
		for _, x := range s.Sources {
			ids += x.ID
		}
		got = append(got, s.Key+"="+ids)
	}
	want := "[source:f=f ww.gov.cn=de xx.gov.cn=ab yy.gov.cn=c]"
	if fmt.Sprint(got) != want {
		t.Errorf("sites %v, want %s", got, want)
	}
}

// TestSettingsTravel: a run's crawl settings reach the worker's config
// through JSON, and the worker keeps its own hooks.
func TestSettingsTravel(t *testing.T) {
	hub := crawl.Config{Delay: 3 * time.Second, UserAgent: "ua (+mailto:x@y)", Retries: 2, MaxPages: 7,
		Known: map[string][]string{"a": {"http://x/col/"}}}
	var s Settings
	if err := roundTrip(SettingsOf(hub), &s); err != nil {
		t.Fatal(err)
	}
	progress := func(touming.SourceStats) {}
	w := crawl.Config{Progress: progress, Delay: time.Second}
	if err := s.Apply(&w); err != nil {
		t.Fatal(err)
	}
	if w.Delay != 3*time.Second || w.UserAgent != hub.UserAgent || w.Retries != 2 || w.MaxPages != 7 ||
		w.Known["a"][0] != "http://x/col/" || w.Progress == nil {
		t.Errorf("worker config %+v", w)
	}
	if err := (Settings{"NoSuchSetting": 1}).Apply(&w); err == nil {
		t.Error("an unknown setting was accepted")
	}
}

func roundTrip(in any, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

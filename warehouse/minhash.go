package warehouse

import (
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/touming/touming"
)

// The copying rules compare narratives by the Jaccard similarity of their
// 5-character shingles, estimated by a MinHash signature: the share of
// equal positions of two signatures estimates the share of shingles the
// texts have in common, in constant space per report.
const (
	shingle    = 5
	hashes     = 128
	bandRows   = 8
	minChars   = 200 // a shorter narrative is too short to call copied
	mixOdd     = 0x9e3779b97f4a7c15
	mixOddSalt = 0xbf58476d1ce4e5b9
)

// narrativeSections are the sections whose text is the narrative: 二 to 四
// print the tables, whose labels every report shares.
var narrativeSections = map[string]bool{"一": true, "五": true, "六": true}

// narrative returns the normalised narrative of r: its narrative sections'
// text without spaces or punctuation, digit runs folded to one '#' (this
// year's figures and dates differ from last year's in a copied text).
func narrative(r *touming.Report) []rune {
	var out []rune
	for _, s := range r.Sections {
		if !narrativeSections[s.Number] {
			continue
		}
		digit := false
		for _, c := range s.Text {
			switch {
			case unicode.IsDigit(c):
				if !digit {
					out = append(out, '#')
				}
				digit = true
				continue
			case unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.IsSymbol(c):
			default:
				out = append(out, c)
			}
			digit = false
		}
	}
	return out
}

// minhash returns the signature of text's shingles and its band hashes,
// or nil for a text shorter than minChars.
func minhash(text []rune) (sig []uint32, bands []uint64) {
	if len(text) < minChars {
		return nil, nil
	}
	sig = make([]uint32, hashes)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	h := fnv.New64a()
	var b strings.Builder
	for i := 0; i+shingle <= len(text); i++ {
		b.Reset()
		h.Reset()
		b.WriteString(string(text[i : i+shingle]))
		h.Write([]byte(b.String()))
		x := h.Sum64()
		for j := range sig {
			// A cheap family of hash functions: the shingle's hash mixed
			// with a per-position salt (splitmix64's finaliser).
			v := (x ^ (uint64(j+1) * mixOdd)) * mixOddSalt
			v ^= v >> 31
			if u := uint32(v >> 32); u < sig[j] {
				sig[j] = u
			}
		}
	}
	for i := 0; i < hashes; i += bandRows {
		h.Reset()
		for _, v := range sig[i : i+bandRows] {
			h.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)})
		}
		bands = append(bands, h.Sum64()>>1) // kept below 2^63: DuckDB's hash join keys compare as signed in some plans
	}
	return sig, bands
}

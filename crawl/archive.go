package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Archive stores fetched bodies by content: each body once, named by the
// hex SHA-256 of its bytes, under Dir/ab/abcdef…. A second copy of the
// same bytes costs nothing, and a document row's hash finds its body.
type Archive struct {
	Dir string
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (a Archive) path(sha string) (string, error) {
	if !shaRE.MatchString(sha) {
		return "", fmt.Errorf("archive: %q is not a hex SHA-256", sha)
	}
	return filepath.Join(a.Dir, sha[:2], sha), nil
}

// Put stores body and returns its hash. It writes to a temporary file and
// renames it, so a crash never leaves a partial body under a hash name.
func (a Archive) Put(body []byte) (string, error) {
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	p, _ := a.path(sha)
	if _, err := os.Stat(p); err == nil {
		return sha, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", fmt.Errorf("archive put: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("archive put: %w", err)
	}
	_, werr := tmp.Write(body)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("archive put %s: %w", p, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("archive put %s: %w", p, err)
	}
	return sha, nil
}

// Get returns the body stored under sha, checking that the bytes still
// hash to it.
func (a Archive) Get(sha string) ([]byte, error) {
	p, err := a.path(sha)
	if err != nil {
		return nil, err
	}
	body, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("archive get: %w", err)
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != sha {
		return nil, fmt.Errorf("archive get %s: stored bytes do not match their hash (damaged file)", p)
	}
	return body, nil
}

// Has reports whether a body with hash sha is stored.
func (a Archive) Has(sha string) bool {
	p, err := a.path(sha)
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}

package crawl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// addrGuard decides which addresses one pass may connect to. A hostile
// portal can link or redirect the crawler to the intranet it runs in, a
// cloud metadata endpoint or a touming serve on 127.0.0.1; the guard
// refuses a non-public address unless it is one the sources' own start
// hosts resolve to (an intranet portal, a test server on loopback) or the
// operator allows them all (Config.AllowPrivate). The check runs on the
// address actually dialled (NewTransport's net.Dialer.ControlContext), so a
// name that resolves to a public address when checked and to a private one
// when dialled (DNS rebinding) gains nothing.
type addrGuard struct {
	allowAll bool
	starts   []*url.URL // the sources' start URLs, resolved on first need

	once sync.Once
	own  map[netip.AddrPort]bool
}

// guardKey carries a pass's *addrGuard in a request's context to the
// dialer (http.Transport keeps the context's values for the dial).
type guardKey struct{}

// addrRefusedError is a dial the guard refused. It is never retried.
type addrRefusedError struct {
	addr netip.AddrPort
	kind string // "a loopback", "a private"…
}

func (e *addrRefusedError) Error() string {
	return fmt.Sprintf("refused: %s is %s address not belonging to the source", e.addr, e.kind)
}

func newAddrGuard(allowAll bool, srcs []*source) *addrGuard {
	g := &addrGuard{allowAll: allowAll}
	for _, s := range srcs {
		g.starts = append(g.starts, s.start...)
	}
	return g
}

// NewTransport returns a clone of http.DefaultTransport whose dialer
// checks each address against the guard of the pass the request is for: a
// Config.Transport built on it keeps the guard; any other transport dials
// as it does. Used outside a pass, it refuses every non-public address.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, ControlContext: guardControl}
	t.DialContext = d.DialContext
	return t
}

// guardControl runs after the name is resolved and before the connect.
func guardControl(ctx context.Context, _, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("check address %s: %w", address, err)
	}
	ap = netip.AddrPortFrom(ap.Addr().Unmap().WithZone(""), ap.Port())
	kind := nonPublic(ap.Addr())
	if kind == "" {
		return nil
	}
	if g, _ := ctx.Value(guardKey{}).(*addrGuard); g != nil && g.allows(ctx, ap) {
		return nil
	}
	return &addrRefusedError{addr: ap, kind: kind}
}

// allows reports whether a non-public address may be dialled.
func (g *addrGuard) allows(ctx context.Context, ap netip.AddrPort) bool {
	if g.allowAll {
		return true
	}
	// Resolved at the first non-public dial rather than at the start of
	// every pass: most portals are public and need no lookups.
	g.once.Do(func() { g.own = resolveStarts(context.WithoutCancel(ctx), g.starts) })
	return g.own[ap]
}

// resolveStarts gives the addresses and ports of the start URLs' hosts. A
// host that does not resolve adds nothing: its fetch fails on its own.
func resolveStarts(ctx context.Context, starts []*url.URL) map[netip.AddrPort]bool {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	own := map[netip.AddrPort]bool{}
	seen := map[string]bool{}
	for _, u := range starts {
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || seen[u.Host] {
			continue
		}
		seen[u.Host] = true
		ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", u.Hostname())
		if err != nil {
			continue
		}
		for _, ip := range ips {
			own[netip.AddrPortFrom(ip.Unmap().WithZone(""), uint16(p))] = true
		}
	}
	return own
}

var (
	cgnat    = netip.MustParsePrefix("100.64.0.0/10")
	thisNet  = netip.MustParsePrefix("0.0.0.0/8")
	reserved = netip.MustParsePrefix("240.0.0.0/4") // and 255.255.255.255
)

// nonPublic names the kind of a non-public address, with its article, or
// "" for a public one.
func nonPublic(a netip.Addr) string {
	switch {
	case a.IsUnspecified() || thisNet.Contains(a):
		return "an unspecified"
	case a.IsLoopback():
		return "a loopback"
	case a.IsPrivate():
		return "a private"
	case a.IsLinkLocalUnicast():
		return "a link-local"
	case a.IsMulticast():
		return "a multicast"
	case cgnat.Contains(a):
		return "a shared (CGNAT)"
	case reserved.Contains(a):
		return "a reserved or broadcast"
	}
	return ""
}

// refuseAddr records a fetch the guard refused, naming the URL dialled
// (a redirect's target, not only the link): a failure of a start URL, a
// skip of any other. It reports whether err was such a refusal.
func (p *pass) refuseAddr(v *visit, err error) bool {
	var ae *addrRefusedError
	if !errors.As(err, &ae) {
		return false
	}
	target := v.url
	var ue *url.Error
	if errors.As(err, &ue) {
		target = ue.URL
	}
	reason := target + " " + ae.Error()
	if v.start {
		p.fail(v, v.url, reason)
	} else {
		p.skip(v, reason)
	}
	return true
}

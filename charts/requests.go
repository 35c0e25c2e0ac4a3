package charts

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// checkRequest refuses, before any handler runs:
//   - a Host header that does not name this server (Config.Addr and
//     Config.AllowHosts): a DNS-rebinding page reaches the server under its
//     own domain name and would read the answers;
//   - a request that could change something (any method but GET and HEAD)
//     and every request to /sql, when it comes from another origin (a
//     foreign Origin header, or Sec-Fetch-Site cross-site or same-site): an
//     <img> or a form on another site cannot run a query.
//
// Clients that send neither header (curl, scripts) are not browsers that a
// foreign page can drive, so they pass.
func (s *Server) checkRequest(r *http.Request) (int, error) {
	if !s.hostAllowed(r.Host) {
		return http.StatusMisdirectedRequest, fmt.Errorf("host %q is not this server's address (%s): serve it under that name with touming serve --allow-host %s", r.Host, s.cfg.Addr, hostOnly(r.Host))
	}
	changes := r.Method != http.MethodGet && r.Method != http.MethodHead
	if !changes && r.URL.Path != "/sql" {
		return 0, nil
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return http.StatusForbidden, fmt.Errorf("refused: a request from another site (Sec-Fetch-Site: %s) to %s; open the SQL page on this server itself", site, r.URL.Path)
	}
	if o := r.Header.Get("Origin"); o != "" && !s.sameOrigin(o, r.Host) {
		return http.StatusForbidden, fmt.Errorf("refused: a request from another origin (%s) to %s", o, r.URL.Path)
	}
	return 0, nil
}

// sameOrigin reports whether an Origin header names the host the request
// was sent to (or one of the allowed names, which a reverse proxy may have
// replaced by its upstream address).
func (s *Server) sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // includes "null"
	}
	return strings.EqualFold(u.Host, host) || s.allowedName(u.Host)
}

// hostAllowed reports whether a Host header names this server.
func (s *Server) hostAllowed(host string) bool {
	if s.cfg.Addr == "" || s.allowedName(host) {
		return true
	}
	h, port := splitHost(host)
	ah, aport := splitHost(s.cfg.Addr)
	if port == "" {
		port = "80"
	}
	if port != aport {
		return false
	}
	ip, aip := net.ParseIP(h), net.ParseIP(ah)
	switch {
	case aip == nil || aip.IsUnspecified():
		// All interfaces: any address of the machine, never a name, which
		// is what rebinding needs.
		return ip != nil || strings.EqualFold(h, "localhost")
	case aip.IsLoopback():
		return (ip != nil && ip.IsLoopback()) || strings.EqualFold(h, "localhost")
	}
	return ip != nil && ip.Equal(aip)
}

// allowedName matches host against Config.AllowHosts: an entry with a port
// matches that host and port, one without matches the host on any port.
func (s *Server) allowedName(host string) bool {
	h, port := splitHost(host)
	for _, a := range s.cfg.AllowHosts {
		if ah, ap, err := net.SplitHostPort(a); err == nil {
			if strings.EqualFold(ah, h) && ap == port {
				return true
			}
		} else if strings.EqualFold(strings.Trim(a, "[]"), h) {
			return true
		}
	}
	return false
}

// splitHost splits host:port; a missing port is "".
func splitHost(hp string) (host, port string) {
	if h, p, err := net.SplitHostPort(hp); err == nil {
		return h, p
	}
	return strings.Trim(hp, "[]"), ""
}

func hostOnly(hp string) string {
	h, _ := splitHost(hp)
	return h
}

package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The JetStream names the hub and its workers share.
const (
	sitesStream   = "TOUMING_SITES"   // work queue of site jobs
	sitesSubject  = "touming.site"    // + "." + run id
	workersName   = "workers"         // the one durable pull consumer of site jobs
	noticeStream  = "TOUMING_NOTICES" // batch and site-done notices, for the one loader
	noticeSubject = "touming.notice"  // + "." + run id
	loaderName    = "loader"
	bodiesBucket  = "touming-bodies"      // fetched bodies by SHA-256, until archived
	batchBucket   = "touming-batches"     // batches of results by batch id, until loaded
	checkBucket   = "touming-checkpoints" // a site's checkpoint by run and site
	stateBucket   = "touming-sites"       // a site's state by run and site
	archiveFetch  = "touming.archive.fetch"
	// writtenSubject carries the id of each batch the hub has written (or
	// dropped), for the workers' queues.
	writtenSubject = "touming.written"
)

// ServerConfig sets up the embedded NATS server.
type ServerConfig struct {
	// StoreDir is where JetStream keeps its streams (under the data folder).
	StoreDir string
	// Listen is host:port to serve workers on; empty means in-process only
	// (no port opened).
	Listen string
}

// StartServer starts an embedded NATS server with JetStream.
func StartServer(cfg ServerConfig) (*server.Server, error) {
	opts := &server.Options{JetStream: true, StoreDir: cfg.StoreDir, NoSigs: true, NoLog: true,
		MaxPayload: 8 << 20, ServerName: "touming-hub"}
	if cfg.Listen == "" {
		opts.DontListen = true
	} else {
		host, port, err := splitHostPort(cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("start nats on %s: %w", cfg.Listen, err)
		}
		if port == 0 {
			port = server.RANDOM_PORT
		}
		opts.Host, opts.Port = host, port
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("start nats: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("start nats: not ready within 30s")
	}
	return ns, nil
}

// ConnectInProcess connects to an embedded server without a socket.
func ConnectInProcess(ns *server.Server, name string) (*nats.Conn, error) {
	nc, err := nats.Connect("", nats.InProcessServer(ns), nats.Name(name), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("connect to the in-process hub: %w", err)
	}
	return nc, nil
}

// Connect connects to a hub at url (nats://host:port), retrying while it is
// not up yet.
func Connect(url, name string) (*nats.Conn, error) {
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(true),
		nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, fmt.Errorf("connect to hub %s: %w", url, err)
	}
	return nc, nil
}

// bus is the JetStream side of a connection: the streams and buckets.
type bus struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	bodies jetstream.ObjectStore
	batch  jetstream.ObjectStore
	checks jetstream.KeyValue
	states jetstream.KeyValue
}

// BusConfig tunes the streams; the zero value suits production.
type BusConfig struct {
	// AckWait is how long a site job's lease lasts without a heartbeat
	// before it is redelivered to another worker; 0 means 1 minute.
	AckWait time.Duration
}

// openBus creates (or binds to) the streams and buckets. Only the hub
// (owner) sets the consumers up, so that its lease time is the one in
// force.
func openBus(ctx context.Context, nc *nats.Conn, cfg BusConfig, owner bool) (*bus, error) {
	if cfg.AckWait <= 0 {
		cfg.AckWait = time.Minute
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	b := &bus{nc: nc, js: js}
	steps := []func() error{
		func() error {
			_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: sitesStream,
				Subjects: []string{sitesSubject + ".>"}, Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage})
			return err
		},
		func() error {
			if !owner {
				return nil
			}
			_, err := js.CreateOrUpdateConsumer(ctx, sitesStream, jetstream.ConsumerConfig{Durable: workersName,
				AckPolicy: jetstream.AckExplicitPolicy, AckWait: cfg.AckWait, MaxAckPending: -1, MaxDeliver: -1})
			return err
		},
		func() error {
			_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: noticeStream,
				Subjects: []string{noticeSubject + ".>"}, Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage})
			return err
		},
		func() error {
			if !owner {
				return nil
			}
			_, err := js.CreateOrUpdateConsumer(ctx, noticeStream, jetstream.ConsumerConfig{Durable: loaderName,
				AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Minute, MaxAckPending: 2*loadAhead + 1, MaxDeliver: -1})
			return err
		},
		func() (err error) {
			b.bodies, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: bodiesBucket, Storage: jetstream.FileStorage})
			return err
		},
		func() (err error) {
			b.batch, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: batchBucket, Storage: jetstream.FileStorage})
			return err
		},
		func() (err error) {
			b.checks, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: checkBucket, Storage: jetstream.FileStorage})
			return err
		},
		func() (err error) {
			b.states, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: stateBucket, Storage: jetstream.FileStorage})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("set up the hub's streams: %w", err)
		}
	}
	return b, nil
}

var unsafeKey = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// token makes a site key or run id safe as one token of a subject or key.
func token(s string) string { return unsafeKey.ReplaceAllString(s, "_") }

// siteKey is the KV key of a site in a run.
func siteKey(run, site string) string { return token(run) + "." + token(site) }

func splitHostPort(hp string) (string, int, error) {
	host, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("port %q: %w", p, err)
	}
	return host, port, nil
}

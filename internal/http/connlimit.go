package http

import (
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/argmap/argmap/internal/argmap"
)

// connLimiter is a net.Listener that lets each client IP hold at most max
// open connections. A connection over the limit is answered 429 at once and
// closed, before any of its request is read, so a client that opens
// hundreds of connections and trickles into them (a slowloris) holds at
// most max of the server's goroutines and file descriptors; every other
// client is served as before. onRefuse, when set, is told of each refusal
// (a metric).
type connLimiter struct {
	net.Listener
	max      int
	onRefuse func()

	mu   sync.Mutex
	open map[string]int
}

// NewConnLimiter wraps ln so that each client IP holds at most max open
// connections (see connLimiter).
func NewConnLimiter(ln net.Listener, max int, onRefuse func()) net.Listener {
	return &connLimiter{Listener: ln, max: max, onRefuse: onRefuse, open: map[string]int{}}
}

// tooManyConns is the whole answer to a connection over the limit. It is
// written before the request is read (best effort: a client that has
// already sent its request may see a reset instead), so a client that
// reads first gets a status and the code of the rate limiter.
var tooManyConns = func() []byte {
	body := string(errorBody(argmap.ERATELIMITED, "Too many open connections from this address: close some and try again."))
	return []byte("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
}()

// Accept returns the next connection whose client is under the limit.
func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := remoteIP(c.RemoteAddr())
		l.mu.Lock()
		if l.open[ip] >= l.max {
			l.mu.Unlock()
			// A fresh socket's send buffer is empty: the write does not
			// block, and the deadline makes sure of it.
			_ = c.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
			_, _ = c.Write(tooManyConns)
			_ = c.Close()
			if l.onRefuse != nil {
				l.onRefuse()
			}
			continue
		}
		l.open[ip]++
		l.mu.Unlock()
		return &limitedConn{Conn: c, release: func() { l.release(ip) }}, nil
	}
}

func (l *connLimiter) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[ip]--; l.open[ip] <= 0 {
		delete(l.open, ip)
	}
}

// limitedConn gives its slot back when it is closed (once: net/http may
// close a connection more than once).
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// remoteIP is the IP of a client address, the key of the per-client limits.
func remoteIP(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

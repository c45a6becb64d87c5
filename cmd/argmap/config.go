package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
)

// DefaultNeo4jPassword is the documented development password of the local
// Neo4j that scripts/neo4j.sh starts. Production deployments set NEO4J_PASSWORD.
const DefaultNeo4jPassword = "argmap-dev-password"

// config is every setting of the program. It is filled in one place,
// from flags with environment variables as their defaults.
type config struct {
	Addr           string
	RequestTimeout time.Duration
	// RateLimit is each client's average budget in requests per second (0:
	// no limit) and RateBurst the requests it may send at once.
	RateLimit float64
	RateBurst int
	// BodyTimeout bounds the reading of a request body, so a client that
	// trickles its body cannot hold a connection (and its goroutine) for
	// long; MaxConnsPerClient bounds the connections one client IP may hold
	// open at once (0: no limit).
	BodyTimeout       time.Duration
	MaxConnsPerClient int
	// MemoryLimitMiB is the Go runtime's soft memory limit (GOMEMLIMIT), in
	// MiB; 0 leaves the runtime's own setting.
	MemoryLimitMiB int
	LogLevel       slog.Level
	LogFormat      string
	Neo4j          neo4j.Config
	GraphQL        graph.Options
}

// envFlags binds flags whose defaults come from the environment. A flag
// given on the command line wins over its variable.
type envFlags struct {
	fs     *flag.FlagSet
	getenv func(string) string
	errs   []error
}

func (e *envFlags) env(name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func (e *envFlags) String(p *string, flagName, envName, def, help string) {
	envVar(e, p, flagName, envName, def, help, e.fs.StringVar, func(s string) (string, bool) { return s, true }, "")
}

func (e *envFlags) Secret(p *string, flagName, envName, def, help string) {
	// The default is not printed in -h output when it came from the environment.
	v := e.env(envName, def)
	e.fs.StringVar(p, flagName, "", help+" ($"+envName+")")
	*p = v
}

func (e *envFlags) Duration(p *time.Duration, flagName, envName string, def time.Duration, help string) {
	envVar(e, p, flagName, envName, def, help, e.fs.DurationVar, func(s string) (time.Duration, bool) {
		d, err := time.ParseDuration(s)
		return d, err == nil && d > 0
	}, " is not a positive duration such as 30s")
}

func (e *envFlags) Int(p *int, flagName, envName string, def int, help string) {
	envVar(e, p, flagName, envName, def, help, e.fs.IntVar, func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 0
	}, " is not a non-negative integer")
}

func (e *envFlags) Float(p *float64, flagName, envName string, def float64, help string) {
	envVar(e, p, flagName, envName, def, help, e.fs.Float64Var, func(s string) (float64, bool) {
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil && f >= 0
	}, " is not a non-negative number")
}

func (e *envFlags) Bool(p *bool, flagName, envName string, def bool, help string) {
	envVar(e, p, flagName, envName, def, help, e.fs.BoolVar, func(s string) (bool, bool) {
		b, err := strconv.ParseBool(s)
		return b, err == nil
	}, ": use true or false")
}

// envVar is the one shape of every typed env flag: the variable envName,
// when set, replaces def as the flag's default; a value parse refuses is
// recorded as the error `envName="value"` followed by complaint, and the
// flag keeps def. The flag is registered with the flag package's own
// binder for T (define), not a custom flag.Value, so that -h prints the
// same type names and defaults and bool flags need no value.
func envVar[T any](e *envFlags, p *T, flagName, envName string, def T, help string,
	define func(p *T, name string, value T, usage string), parse func(string) (T, bool), complaint string) {
	v := def
	if s := e.getenv(envName); s != "" {
		if x, ok := parse(s); ok {
			v = x
		} else {
			e.errs = append(e.errs, fmt.Errorf("%s=%q%s", envName, s, complaint))
		}
	}
	define(p, flagName, v, help+" ($"+envName+")")
}

// bindNeo4j registers the Neo4j connection settings shared by every command.
func bindNeo4j(e *envFlags, c *neo4j.Config) {
	d := neo4j.DefaultConfig()
	e.String(&c.URI, "neo4j-uri", "NEO4J_URI", d.URI, "Neo4j Bolt URI (bolt:// for one server, neo4j:// for a cluster)")
	e.String(&c.User, "neo4j-user", "NEO4J_USER", d.User, "Neo4j user")
	e.Secret(&c.Password, "neo4j-password", "NEO4J_PASSWORD", DefaultNeo4jPassword, "Neo4j password (default: the local launcher's dev password)")
	e.String(&c.Database, "neo4j-database", "NEO4J_DATABASE", d.Database, "Neo4j database name")
	e.Int(&c.MaxPoolSize, "neo4j-max-pool", "NEO4J_MAX_POOL", d.MaxPoolSize, "maximum Bolt connections")
	e.Duration(&c.AcquireTimeout, "neo4j-acquire-timeout", "NEO4J_ACQUIRE_TIMEOUT", d.AcquireTimeout, "how long a request waits for a Neo4j connection before failing with UNAVAILABLE")
	e.Duration(&c.TxTimeout, "neo4j-tx-timeout", "NEO4J_TX_TIMEOUT", d.TxTimeout, "server-side timeout of every Neo4j transaction")
	e.Duration(&c.RetryTime, "neo4j-retry-time", "NEO4J_RETRY_TIME", d.RetryTime, "how long the driver retries a failed transaction")
}

// loadServeConfig parses the flags of "argmap serve".
func loadServeConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (config, error) {
	var c config
	e := &envFlags{fs: fs, getenv: getenv}
	var level, writeToken, readToken, tokenFile, readClosed string
	c.GraphQL = graph.DefaultOptions()
	e.String(&c.Addr, "addr", "ARGMAP_ADDR", "127.0.0.1:8080", "HTTP listen address")
	e.Duration(&c.RequestTimeout, "request-timeout", "ARGMAP_REQUEST_TIMEOUT", 30*time.Second, "deadline of one HTTP request")
	e.Float(&c.RateLimit, "rate-limit", "ARGMAP_RATE_LIMIT", 50, "requests per second each client (IP) may send on average; 0 turns the limit off")
	e.Int(&c.RateBurst, "rate-burst", "ARGMAP_RATE_BURST", 100, "requests a client may send at once before the rate limit applies")
	e.Duration(&c.BodyTimeout, "body-timeout", "ARGMAP_BODY_TIMEOUT", 10*time.Second, "deadline for reading a request body once its headers have arrived (408 after it)")
	e.Int(&c.MaxConnsPerClient, "max-conns-per-client", "ARGMAP_MAX_CONNS_PER_CLIENT", 64, "open connections each client (IP) may hold at once; more are answered 429 and closed (0: no limit)")
	e.Int(&c.MemoryLimitMiB, "memory-limit-mib", "ARGMAP_MEMORY_LIMIT_MIB", 160, "soft limit of the Go heap in MiB: the garbage collector works harder as it nears it, which keeps the process small under load (0: the runtime's default, or $GOMEMLIMIT)")
	e.String(&level, "log-level", "ARGMAP_LOG_LEVEL", "info", "log level: debug, info, warn, error")
	e.String(&c.LogFormat, "log-format", "ARGMAP_LOG_FORMAT", "text", "log format: text or json")
	e.Duration(&c.GraphQL.LoaderWait, "loader-wait", "ARGMAP_LOADER_WAIT", c.GraphQL.LoaderWait, "how long a batching loader collects keys before it queries Neo4j")
	e.Int(&c.GraphQL.ParserTokenLimit, "parser-token-limit", "ARGMAP_PARSER_TOKEN_LIMIT", c.GraphQL.ParserTokenLimit, "maximum tokens in one GraphQL document")
	e.Int(&c.GraphQL.MaxDepth, "max-depth", "ARGMAP_MAX_DEPTH", c.GraphQL.MaxDepth, "maximum nesting of a GraphQL query, through fragments (0: no limit)")
	e.Int(&c.GraphQL.MaxAliases, "max-aliases", "ARGMAP_MAX_ALIASES", c.GraphQL.MaxAliases, "maximum aliases in a GraphQL operation (0: no limit)")
	e.Int(&c.GraphQL.MaxRootFields, "max-root-fields", "ARGMAP_MAX_ROOT_FIELDS", c.GraphQL.MaxRootFields, "maximum top-level fields in a GraphQL operation (0: no limit)")
	e.Int(&c.GraphQL.MaxDirectives, "max-directives", "ARGMAP_MAX_DIRECTIVES", c.GraphQL.MaxDirectives, "maximum directives in a GraphQL operation (0: no limit)")
	e.Int(&c.GraphQL.MaxFields, "max-fields", "ARGMAP_MAX_FIELDS", c.GraphQL.MaxFields, "maximum names in a GraphQL document and fields in an operation (0: no limit)")
	e.Int(&c.GraphQL.MaxComplexity, "max-complexity", "ARGMAP_MAX_COMPLEXITY", c.GraphQL.MaxComplexity, "maximum complexity of a GraphQL operation (0: no limit)")
	maxBody := int(c.GraphQL.MaxBodyBytes)
	e.Int(&maxBody, "max-body-bytes", "ARGMAP_MAX_BODY_BYTES", maxBody, "maximum size of a POST body in bytes (0: no limit)")
	e.Bool(&c.GraphQL.Introspection, "introspection", "ARGMAP_INTROSPECTION", c.GraphQL.Introspection, "answer __schema and __type queries (the playground needs them)")
	e.Bool(&c.GraphQL.FieldSuggestions, "field-suggestions", "ARGMAP_FIELD_SUGGESTIONS", c.GraphQL.FieldSuggestions, `keep "Did you mean" hints in validation errors`)
	e.Secret(&writeToken, "write-token", "ARGMAP_WRITE_TOKEN", "", "bearer token that may write (mutations)")
	e.Secret(&readToken, "read-token", "ARGMAP_READ_TOKEN", "", "bearer token that may only read")
	e.String(&tokenFile, "token-file", "ARGMAP_TOKEN_FILE", "", `file of tokens, one per line: "write TOKEN" or "read TOKEN" (# comments)`)
	e.String(&readClosed, "read-requires-token", "ARGMAP_READ_REQUIRES_TOKEN", "false", "true: reads need a read or write token too")
	bindNeo4j(e, &c.Neo4j)
	if err := parseFlags(fs, args); err != nil {
		return c, err
	}
	c.GraphQL.MaxBodyBytes = int64(maxBody)
	tokens, err := loadTokens(writeToken, readToken, tokenFile)
	if err != nil {
		return c, err
	}
	c.GraphQL.Tokens = tokens
	switch readClosed {
	case "true", "1", "yes":
		c.GraphQL.ReadRequiresToken = true
	case "false", "0", "no", "":
	default:
		return c, fmt.Errorf("ARGMAP_READ_REQUIRES_TOKEN=%q: use true or false", readClosed)
	}
	if len(e.errs) > 0 {
		return c, e.errs[0]
	}
	if c.MemoryLimitMiB < 0 {
		return c, fmt.Errorf("ARGMAP_MEMORY_LIMIT_MIB=%d: give a size in MiB, or 0 for no limit", c.MemoryLimitMiB)
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return c, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("log format %q: use text or json", c.LogFormat)
	}
	return c, nil
}

// loadTokens gathers the bearer tokens from the environment and the token
// file. Tokens shorter than 16 characters are refused: they can be guessed.
func loadTokens(writeToken, readToken, file string) (*argmap.Tokens, error) {
	t := &argmap.Tokens{}
	add := func(token string, role argmap.Role, where string) error {
		if len(token) < 16 {
			return fmt.Errorf("%s: a token must be at least 16 characters long", where)
		}
		t.Add(token, role)
		return nil
	}
	if writeToken != "" {
		if err := add(writeToken, argmap.RoleWrite, "ARGMAP_WRITE_TOKEN"); err != nil {
			return nil, err
		}
	}
	if readToken != "" {
		if err := add(readToken, argmap.RoleRead, "ARGMAP_READ_TOKEN"); err != nil {
			return nil, err
		}
	}
	if file == "" {
		return t, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("ARGMAP_TOKEN_FILE: %w", err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		role, token, ok := strings.Cut(line, " ")
		where := fmt.Sprintf("%s line %d", file, i+1)
		switch {
		case !ok:
			return nil, fmt.Errorf(`%s: write "write TOKEN" or "read TOKEN"`, where)
		case role == "write":
			err = add(strings.TrimSpace(token), argmap.RoleWrite, where)
		case role == "read":
			err = add(strings.TrimSpace(token), argmap.RoleRead, where)
		default:
			return nil, fmt.Errorf("%s: unknown role %q (use write or read)", where, role)
		}
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

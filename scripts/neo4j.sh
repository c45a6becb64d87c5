#!/usr/bin/env bash
# Local Neo4j Community 5.26 for development and tests, without Docker.
#
#   scripts/neo4j.sh start|stop|kill|status|wait|restart|logs [-f]
#
# The server jars are resolved by Maven from deploy/neo4j/pom.xml into
# deploy/neo4j/target/lib (git-ignored); the real server entry point
# (org.neo4j.server.CommunityEntryPoint) is then run with `java -cp 'lib/*'`.
#
# Configuration (environment, with defaults):
#   NEO4J_DIR           .data/neo4j   home/conf/data/logs/pid (relative paths are from the repo root)
#   NEO4J_BOLT_PORT     7687          Bolt, bound to 127.0.0.1 only
#   NEO4J_HTTP_PORT     7474          HTTP + Browser (/browser/), bound to 127.0.0.1 only
#   NEO4J_PASSWORD      argmap-dev-password   password of user "neo4j" (set before first start)
#   NEO4J_HEAP          512m          JVM heap (-Xms and -Xmx)
#   NEO4J_PAGECACHE     256m          server.memory.pagecache.size
#   NEO4J_WAIT_TIMEOUT  180           seconds `start`/`wait` wait for Bolt to answer RETURN 1
#   NEO4J_STOP_TIMEOUT  60            seconds `stop` waits after SIGTERM before SIGKILL
#   NEO4J_JAVA_OPTS     (empty)       extra JVM options
#   ARGMAP_PING         go run ./cmd/argmap ping   readiness probe over Bolt
#   JAVA_HOME           (optional)    use $JAVA_HOME/bin/java instead of `java` on PATH
#
# Two instances can run side by side with distinct NEO4J_DIR and ports, e.g.
#   NEO4J_DIR=.data/neo4j-test NEO4J_BOLT_PORT=7688 NEO4J_HTTP_PORT=7475 scripts/neo4j.sh start
set -euo pipefail

# --- locations --------------------------------------------------------------
# Resolve everything from the script location so it works from any cwd.
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)

NEO4J_DIR=${NEO4J_DIR:-.data/neo4j}
case $NEO4J_DIR in
  /*) ;;
  *) NEO4J_DIR=$ROOT/$NEO4J_DIR ;;
esac
BOLT_PORT=${NEO4J_BOLT_PORT:-7687}
HTTP_PORT=${NEO4J_HTTP_PORT:-7474}
PASSWORD=${NEO4J_PASSWORD:-argmap-dev-password}
HEAP=${NEO4J_HEAP:-512m}
PAGECACHE=${NEO4J_PAGECACHE:-256m}
WAIT_TIMEOUT=${NEO4J_WAIT_TIMEOUT:-180}
STOP_TIMEOUT=${NEO4J_STOP_TIMEOUT:-60}
NEO4J_USER=neo4j # set-initial-password only exists for the built-in user

MAVEN_PROJECT=$ROOT/deploy/neo4j
LIB_DIR=$MAVEN_PROJECT/target/lib
LIB_STAMP=$LIB_DIR/.pom.sha256 # which pom.xml the jars in LIB_DIR were resolved from

CONF_DIR=$NEO4J_DIR/conf
RUN_DIR=$NEO4J_DIR/run
LOG_DIR=$NEO4J_DIR/logs
# Neo4j itself writes (and on clean shutdown deletes) run/neo4j.pid; we write
# the same PID there at launch, so there is a single PID file.
PID_FILE=$RUN_DIR/neo4j.pid
LOG_FILE=$LOG_DIR/neo4j.log
CONSOLE_LOG=$LOG_DIR/console.log # JVM stdout/stderr: crashes before logging is set up

BOLT_URI=bolt://127.0.0.1:$BOLT_PORT
BROWSER_URL=http://127.0.0.1:$HTTP_PORT/browser/

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# --- helpers ----------------------------------------------------------------
say() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { printf 'neo4j.sh: error: %s\n' "$*" >&2; exit 1; }

# Last lines of the Neo4j log and of the JVM console output (where a JVM that
# died before Neo4j's logging started leaves its message).
# neo4j.log is appended to across runs: after a failed start, show only what
# this run wrote (LOG_OFFSET = its size before launch).
LOG_OFFSET=0
log_tail() {
  local n=${1:-40}
  if [[ -s $LOG_FILE ]] && (($(wc -c <"$LOG_FILE") > LOG_OFFSET)); then
    printf -- '--- last %s lines of %s ---\n' "$n" "$LOG_FILE" >&2
    tail -c +$((LOG_OFFSET + 1)) "$LOG_FILE" | tail -n "$n" >&2
  fi
  if [[ -s $CONSOLE_LOG ]]; then
    printf -- '--- last %s lines of %s ---\n' "$n" "$CONSOLE_LOG" >&2
    tail -n "$n" "$CONSOLE_LOG" >&2
  fi
}

# PID from the PID file if that process is alive AND is our Neo4j (guards
# against a stale file whose PID was reused by something else).
running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid args
  pid=$(tr -dc '0-9' <"$PID_FILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  # -ww: never truncate the (long) java command line.
  args=$(ps -ww -o args= -p "$pid" 2>/dev/null) || return 1
  [[ $args == *CommunityEntryPoint*"--home-dir=$NEO4J_DIR "* ]] || return 1
  printf '%s\n' "$pid"
}

# True if something listens on TCP port $1 (any address: 0.0.0.0 would clash
# with our 127.0.0.1 bind too). Prints who, when `ss -p` can tell.
port_in_use() {
  local port=$1 out
  if command -v ss >/dev/null 2>&1; then
    out=$(ss -Hltnp "( sport = :$port )" 2>/dev/null) || out=""
    if [[ -n $out ]]; then
      # users:(("java",pid=123,fd=4)) -> java (pid 123)
      sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' <<<"$out" | head -n1 || true
      return 0
    fi
    return 1
  fi
  # No ss (e.g. macOS): try to connect.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Neo4j 5.26 supports Java 17 and 21.
require_java() {
  if ! command -v "$JAVA" >/dev/null 2>&1; then
    die "Java not found ('$JAVA'). Install a JDK/JRE 17 or 21 (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME."
  fi
  local spec
  spec=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  spec=${spec#1.} # 1.8 -> 8
  [[ $spec =~ ^[0-9]+$ ]] || die "could not determine the Java version of '$JAVA'."
  if ((spec < 17)); then
    die "Java $spec is too old: Neo4j 5.26 needs Java 17 or 21 (found '$(command -v "$JAVA")'). Set JAVA_HOME to a newer JDK."
  fi
  if ((spec != 17 && spec != 21)); then
    say "warning: Java $spec is not a version Neo4j 5.26 supports (17 or 21); trying anyway."
  fi
}

# Resolve the server jars once (and again whenever pom.xml changes).
ensure_jars() {
  local want
  want=$(sha256sum "$MAVEN_PROJECT/pom.xml" | cut -d' ' -f1)
  if [[ -f $LIB_STAMP && $(<"$LIB_STAMP") == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 ||
    die "Maven ('mvn') not found; it is needed once to download Neo4j into $LIB_DIR. Install it (Debian: apt-get install maven)."
  mkdir -p "$MAVEN_PROJECT/target"
  (
    # Two instances started at once must not both write target/lib.
    if command -v flock >/dev/null 2>&1; then flock 8; fi
    if [[ -f $LIB_STAMP && $(<"$LIB_STAMP") == "$want" ]]; then exit 0; fi
    say "resolving Neo4j jars with Maven (first run downloads ~140 MB into the local Maven repository)..."
    # Start from an empty lib dir: a version bump must not leave old jars on the classpath.
    rm -rf "$LIB_DIR"
    if ! mvn -B -f "$MAVEN_PROJECT/pom.xml" package; then
      die "Maven could not resolve the Neo4j jars (see the output above)."
    fi
    printf '%s\n' "$want" >"$LIB_STAMP"
  ) 8>"$MAVEN_PROJECT/target/.resolve.lock"
}

# neo4j.conf is regenerated on every start from the environment, so the file
# always shows what the running server uses. Edits to it are overwritten.
# Setting names are for 5.26; strict validation makes a typo fatal.
# The Browser's Content-Security-Policy (see write_conf); docker-compose.yml
# sets the same.
BROWSER_CSP="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:* http://localhost:*; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

write_conf() {
  cat >"$CONF_DIR/neo4j.conf" <<EOF
# Generated by scripts/neo4j.sh on every start; edits are overwritten.
server.config.strict_validation.enabled=true

# Listen on loopback only, and advertise the same addresses (the Browser
# connects to the advertised Bolt address).
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.http.enabled=true
server.http.listen_address=127.0.0.1:$HTTP_PORT
server.http.advertised_address=127.0.0.1:$HTTP_PORT
server.https.enabled=false

dbms.security.auth_enabled=true

# Heap is set with -Xms/-Xmx on the java command line (NEO4J_HEAP=$HEAP).
server.memory.pagecache.size=$PAGECACHE

# Dev machine: no phoning home, no preallocated 250 MB transaction log files,
# and only a little transaction log history kept.
dbms.usage_report.enabled=false
db.tx_log.preallocate=false
db.tx_log.rotation.size=16M
db.tx_log.rotation.retention_policy=2 files

# The Browser (/browser/) offline and quiet. client.allow_telemetry=false
# turns its product analytics and crash reports off and so hides its
# usage-collection banner. It still loads the analytics and feedback scripts
# and a web-font stylesheet from outside hosts at every page load, so the
# Content-Security-Policy of its pages allows only this server and Bolt or
# HTTP on loopback (any port: the Browser may be pointed at another local
# Neo4j); the Browser falls back to its bundled fonts.
# web/playground/neo4j-browser-e2e.mjs checks both (TestNeo4jBrowserOffline).
client.allow_telemetry=false
dbms.security.http_static_content_security_policy_header=$BROWSER_CSP
EOF
}

# The password of user neo4j must be set before the system database is first
# created; afterwards it can only be changed through Cypher (ALTER USER).
set_initial_password_if_new() {
  [[ -d $NEO4J_DIR/data/databases/system ]] && return 0
  say "new data directory: setting the initial password of user '$NEO4J_USER'"
  NEO4J_HOME=$NEO4J_DIR NEO4J_CONF=$CONF_DIR \
    "$JAVA" -Xmx128m -cp "$LIB_DIR/*" org.neo4j.cli.AdminTool \
    dbms set-initial-password "$PASSWORD" >/dev/null ||
    die "neo4j-admin dbms set-initial-password failed."
}

# One Bolt RETURN 1 through the Go binary's ping subcommand (or $ARGMAP_PING),
# which reads its target from NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD:
#   NEO4J_URI=... <ping> --timeout DURATION
ping_bolt() {
  local -a cmd
  read -r -a cmd <<<"${ARGMAP_PING:-go run ./cmd/argmap ping}"
  (cd "$ROOT" && env "NEO4J_URI=$BOLT_URI" "NEO4J_USER=$NEO4J_USER" "NEO4J_PASSWORD=$PASSWORD" \
    "${cmd[@]}" --timeout "${1:-10s}") 2>&1
}

# HTTP status of an authenticated (empty) transaction: 401 means the server
# is up but does not accept NEO4J_PASSWORD.
http_auth_status() {
  command -v curl >/dev/null 2>&1 || { echo 000; return; }
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    -u "$NEO4J_USER:$PASSWORD" -H 'Content-Type: application/json' \
    -d '{"statements":[]}' "http://127.0.0.1:$HTTP_PORT/db/neo4j/tx/commit" || true
}

password_mismatch_message() {
  cat >&2 <<EOF
neo4j.sh: error: Neo4j at $NEO4J_DIR is up but refuses user '$NEO4J_USER' with NEO4J_PASSWORD.
  The data directory already exists and was initialised with another password
  (the initial password only applies to a brand-new data directory). Either:
    - set NEO4J_PASSWORD to the password that data was created with, or
    - stop Neo4j and delete $NEO4J_DIR (THIS DELETES ALL ITS DATA) to start over.
EOF
}

# Wait until Bolt answers RETURN 1. Returns 1 on timeout, 2 if the process
# died, 3 if the password is refused, 4 if the ping command itself looks broken.
do_wait() {
  local deadline=$((SECONDS + WAIT_TIMEOUT)) out="" pid http ready_fails=0
  if [[ -z ${ARGMAP_PING:-} ]]; then
    command -v go >/dev/null 2>&1 ||
      die "'go' not found: the readiness check runs 'argmap ping'. Install Go or set ARGMAP_PING."
    [[ -d $ROOT/cmd/argmap ]] ||
      die "$ROOT/cmd/argmap not found: the readiness check runs 'argmap ping'. Set ARGMAP_PING to another checker."
    # Built once, not 'go run' at every try: on a busy machine each
    # 'go run' can take seconds and make a healthy Neo4j look broken.
    mkdir -p "$RUN_DIR"
    (cd "$ROOT" && go build -o "$RUN_DIR/argmap-ping" ./cmd/argmap) ||
      die "building the readiness check (go build ./cmd/argmap) failed"
    ARGMAP_PING="$RUN_DIR/argmap-ping ping"
  fi
  say "waiting up to ${WAIT_TIMEOUT}s for Bolt on $BOLT_URI to answer RETURN 1..."
  PING_OUT=$(mktemp)
  trap 'rm -f "$PING_OUT"' EXIT
  while ((SECONDS < deadline)); do
    # kill -0 on the PID file, not running_pid: right after launch the PID
    # may still be the shell that is about to exec java.
    pid=$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)
    if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
      say "error: the Neo4j process is not running (it exited while starting?)"
      log_tail 40
      return 2
    fi
    # Cheap TCP check first: `go run` is too slow to poll a closed port with.
    if (exec 3<>"/dev/tcp/127.0.0.1/$BOLT_PORT") 2>/dev/null; then
      # The HTTP endpoint tells a wrong password (401) from "not ready yet".
      http=$(http_auth_status)
      if [[ $http == 401 ]]; then
        password_mismatch_message
        return 3
      fi
      if ping_bolt 10s >"$PING_OUT"; then
        say "Bolt answers (pid $pid)"
        return 0
      fi
      # Server ready and credentials accepted over HTTP, yet the Bolt ping
      # fails again and again: the ping command is the problem, don't wait
      # for the full timeout.
      out=$(<"$PING_OUT")
      if [[ $http == 200 ]] && ((++ready_fails >= 10)); then
        say "error: Neo4j accepts the credentials over HTTP, but the Bolt ping command keeps failing:"
        printf '%s\n' "$out" >&2
        say "(ping command: ${ARGMAP_PING:-go run ./cmd/argmap ping})"
        return 4
      fi
    fi
    sleep 1
  done
  say "error: Neo4j did not answer RETURN 1 over Bolt within ${WAIT_TIMEOUT}s (NEO4J_WAIT_TIMEOUT)."
  [[ -n $out ]] && printf -- '--- last ping output ---\n%s\n' "$out" >&2
  log_tail 40
  return 1
}

print_endpoints() {
  cat <<EOF
Neo4j is running (pid $1, data $NEO4J_DIR)
  Bolt URI:    $BOLT_URI   (user $NEO4J_USER, password from NEO4J_PASSWORD)
  Browser:     $BROWSER_URL
EOF
}

# --- commands ---------------------------------------------------------------
cmd_start() {
  local pid rc

  # Idempotent: reuse a live instance of this NEO4J_DIR.
  if pid=$(running_pid); then
    say "already running (pid $pid)"
    do_wait || exit $?
    print_endpoints "$pid"
    return 0
  fi
  rm -f "$PID_FILE" # stale

  require_java
  ensure_jars

  local port var owner
  for var in NEO4J_BOLT_PORT NEO4J_HTTP_PORT; do
    if [[ $var == NEO4J_BOLT_PORT ]]; then port=$BOLT_PORT; else port=$HTTP_PORT; fi
    if owner=$(port_in_use "$port"); then
      die "port $port is already in use${owner:+ by $owner}; stop that process or choose another port with $var=<port> (and a separate NEO4J_DIR for a second instance)."
    fi
  done

  [[ ${#PASSWORD} -ge 8 ]] || die "NEO4J_PASSWORD must be at least 8 characters (Neo4j's minimum)."
  mkdir -p "$CONF_DIR" "$RUN_DIR" "$LOG_DIR"
  write_conf
  set_initial_password_if_new

  # JVM flags: heap from NEO4J_HEAP; the --add-opens are those Neo4j's own
  # launcher passes (page cache and Netty need them to avoid slow fallbacks).
  local -a jvm=(
    "-Xms$HEAP" "-Xmx$HEAP"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC -XX:+ExitOnOutOfMemoryError
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
    -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
  )
  # shellcheck disable=SC2206 # word splitting of extra options is intended
  [[ -n ${NEO4J_JAVA_OPTS:-} ]] && jvm+=($NEO4J_JAVA_OPTS)

  LOG_OFFSET=$( (wc -c <"$LOG_FILE") 2>/dev/null || echo 0)
  say "starting Neo4j (heap $HEAP, page cache $PAGECACHE, bolt $BOLT_PORT, http $HTTP_PORT, dir $NEO4J_DIR)"
  # Background, detached from this terminal (setsid: Ctrl-C in the calling
  # shell must not kill it); setsid execs java, so $! is the java PID.
  local -a detach=(nohup)
  command -v setsid >/dev/null 2>&1 && detach=(nohup setsid)
  (
    cd "$NEO4J_DIR"
    exec "${detach[@]}" "$JAVA" "${jvm[@]}" -cp "$LIB_DIR/*" \
      org.neo4j.server.CommunityEntryPoint --home-dir="$NEO4J_DIR" --config-dir="$CONF_DIR"
  ) >"$CONSOLE_LOG" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"

  rc=0
  do_wait || rc=$?
  if ((rc != 0)); then
    # Don't leave a half-working server behind a failed start.
    if running_pid >/dev/null; then cmd_stop >/dev/null 2>&1 || true; fi
    rm -f "$PID_FILE"
    die "Neo4j failed to start; not left running (logs: $LOG_DIR)."
  fi
  print_endpoints "$pid"
}

# kill: SIGKILL, no shutdown — for fault tests that need a crash.
cmd_kill() {
  local pid
  pid=$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    say "not running"
    return 0
  fi
  say "killing Neo4j (pid $pid) with SIGKILL"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$PID_FILE"
}

cmd_stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    say "not running ($NEO4J_DIR)"
    return 0
  fi
  say "stopping Neo4j (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${STOP_TIMEOUT}s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

# Exit status follows the LSB convention: 0 running, 3 not running.
cmd_status() {
  local pid
  if pid=$(running_pid); then
    cat <<EOF
Neo4j: running
  pid:      $pid
  bolt:     $BOLT_URI
  browser:  $BROWSER_URL
  data dir: $NEO4J_DIR
EOF
    return 0
  fi
  cat <<EOF
Neo4j: not running
  bolt:     $BOLT_URI (NEO4J_BOLT_PORT)
  http:     http://127.0.0.1:$HTTP_PORT/ (NEO4J_HTTP_PORT)
  data dir: $NEO4J_DIR
EOF
  return 3
}

cmd_logs() {
  [[ -f $LOG_FILE ]] || die "no log yet at $LOG_FILE"
  if [[ ${1:-} == -f ]]; then
    exec tail -n 100 -F "$LOG_FILE"
  fi
  tail -n "${NEO4J_LOG_LINES:-100}" "$LOG_FILE"
}

usage() {
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  echo "See the header of $0 for the environment variables." >&2
  exit 2
}

case ${1:-} in
  start) cmd_start ;;
  kill) cmd_kill ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  wait)
    running_pid >/dev/null || die "Neo4j is not running ($NEO4J_DIR); use: $0 start"
    do_wait || exit $?
    ;;
  logs) shift; cmd_logs "$@" ;;
  *) usage ;;
esac

# Sourced by the scripts in bin/ and .ci/run: picks a JDK >= 21 and makes sure PostgreSQL and the
# suite's databases are there. Says clearly what is missing instead of failing later in Maven.

pick_java() {
  local best="" best_ver=0 dir ver
  for dir in /usr/lib/jvm/*/ ${JAVA_HOME:+"$JAVA_HOME/"}; do
    [ -x "${dir}bin/javac" ] || continue
    ver=$("${dir}bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
    if [ -n "$ver" ] && [ "$ver" -ge 21 ] && [ "$ver" -gt "$best_ver" ]; then best="${dir%/}"; best_ver=$ver; fi
  done
  if [ -z "$best" ]; then
    echo "error: no JDK 21 or newer found under /usr/lib/jvm (found: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' '))." >&2
    echo "       Install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  echo "using JDK $best_ver at $JAVA_HOME"
}

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}

ensure_postgres() {
  if ! command -v psql >/dev/null 2>&1; then
    echo "error: psql not found; install PostgreSQL 15 ('apt-get install postgresql')." >&2
    return 1
  fi
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    echo "PostgreSQL is not answering on $PG_HOST:$PG_PORT; starting it"
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
    if [ -z "$version" ]; then
      echo "error: no PostgreSQL cluster under /etc/postgresql to start." >&2
      return 1
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
    for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 1; done
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || { echo "error: PostgreSQL did not come up" >&2; return 1; }
  fi
}

# recreate_databases NAME... : drops (disconnecting any session) and creates each database, so a
# test run starts from an empty schema whatever an earlier run left behind.
recreate_databases() {
  local db
  for db in "$@"; do
    psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "drop database if exists \"$db\" with (force)" postgres || return 1
  done
  ensure_databases "$@"
}

# ensure_databases NAME... : creates each database that does not exist yet.
ensure_databases() {
  local db
  for db in "$@"; do
    if ! psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -tAc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
      psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "create database \"$db\"" postgres || return 1
      echo "created database $db"
    fi
  done
}

# apt_install PACKAGE... : installs Debian packages (with sudo when not root), saying what to do by hand if that fails.
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" || {
    echo "error: could not install $*; install them by hand ('apt-get install $*')." >&2
    return 1
  }
}

# ensure_kubectl: the k8s module's tests build the kustomize overlays offline with `kubectl
# kustomize` (or a standalone `kustomize`). Installs Debian's kubectl when neither is there.
ensure_kubectl() {
  if command -v kubectl >/dev/null 2>&1 || command -v kustomize >/dev/null 2>&1; then
    return 0
  fi
  echo "kubectl not found; installing Debian's kubernetes-client (kubectl with kustomize built in)"
  apt_install kubernetes-client
}
# ensure_geoip_database FILE : builds the small GeoIP2-City-shaped database with fixed documentation
# ranges (tools/geoip/make-city-mmdb.pl; nothing is downloaded) into FILE, installing Debian's
# libmaxmind-db-writer-perl first when it is missing.
ensure_geoip_database() {
  local file=$1
  if ! perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null; then
    echo "installing libmaxmind-db-writer-perl (it writes the test GeoIP database)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq libmaxmind-db-writer-perl >/dev/null 2>&1 \
      || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq libmaxmind-db-writer-perl >/dev/null 2>&1; }
    if ! perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null; then
      echo "error: the Perl module MaxMind::DB::Writer is missing; install it with 'apt-get install libmaxmind-db-writer-perl'." >&2
      return 1
    fi
  fi
  if [ ! -s "$file" ] || [ tools/geoip/make-city-mmdb.pl -nt "$file" ]; then
    mkdir -p "$(dirname "$file")"
    perl tools/geoip/make-city-mmdb.pl "$file" || { echo "error: building $file failed" >&2; return 1; }
    echo "built the test GeoIP database $file"
  fi
}
GEOIP_TEST_DATABASE=${GEOIP_TEST_DATABASE:-$PWD/.run/geoip/photosync-test-city.mmdb}

# ensure_chromium: browser tests drive Debian's chromium through chromedriver. Installs both when
# either is missing.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  echo "chromium or chromedriver not found; installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
}

KEYCLOAK_VERSION=26.7.3
KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-8190}
KEYCLOAK_REALM_FILE=keycloak/photosync-staff-realm.json
KEYCLOAK_REALM_URL="http://localhost:$KEYCLOAK_PORT/realms/photosync-staff"

# ensure_keycloak: the staff identity provider (docs/SUPPORT.md) for bin/run and the tests. Unpacks
# Keycloak into .run/keycloak once (the dist zip from the local Maven repository, fetched from Maven
# Central when missing) and, unless the realm's discovery document already answers on
# KEYCLOAK_PORT, starts it in the background in dev mode (its dev file store, data/h2 under the
# unpacked folder) with keycloak/photosync-staff-realm.json imported; health on
# KEYCLOAK_MANAGEMENT_PORT, log in .run/keycloak.log. It keeps running after the caller ends. Dev
# mode imports a realm only when it does not exist yet, so when the realm file has changed since
# the last import (its hash in .run/keycloak/realm.sha256), the Keycloak started from here is
# stopped and its store wiped before it is started again.
ensure_keycloak() {
  local base=$PWD/.run/keycloak
  local home=$base/keycloak-$KEYCLOAK_VERSION
  local zip=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip
  local discovery="$KEYCLOAK_REALM_URL/.well-known/openid-configuration"
  local hash imported pid
  hash=$(sha256sum "$KEYCLOAK_REALM_FILE" | cut -d' ' -f1) || return 1
  imported=$(cat "$base/realm.sha256" 2>/dev/null || true)
  if [ "$imported" = "$hash" ] && curl -fs -m 5 -o /dev/null "$discovery"; then
    return 0
  fi
  pid=$(keycloak_pid "$base/pid" "$home")
  if [ -n "$pid" ]; then
    if [ "$imported" != "$hash" ]; then
      echo "$KEYCLOAK_REALM_FILE changed since Keycloak imported it; stopping Keycloak (pid $pid) to import it again"
    else
      echo "Keycloak (pid $pid) does not serve $discovery; stopping it"
    fi
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  elif curl -fs -m 5 -o /dev/null "$discovery"; then
    echo "warning: a Keycloak not started from this checkout answers on :$KEYCLOAK_PORT; its realm may differ from $KEYCLOAK_REALM_FILE" >&2
    return 0
  elif curl -s -m 5 -o /dev/null "http://localhost:$KEYCLOAK_PORT/"; then
    echo "error: something that does not serve the realm photosync-staff answers on :$KEYCLOAK_PORT; stop it or set KEYCLOAK_PORT." >&2
    return 1
  fi
  if [ ! -x "$home/bin/kc.sh" ]; then
    if [ ! -s "$zip" ]; then
      echo "fetching Keycloak $KEYCLOAK_VERSION from Maven Central"
      ./mvnw -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -Dtransitive=false || {
        echo "error: could not fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip into $zip" >&2
        return 1
      }
    fi
    mkdir -p "$base" && unzip -q -o "$zip" -d "$base" || { echo "error: could not unpack $zip" >&2; return 1; }
  fi
  if [ "$imported" != "$hash" ]; then
    rm -rf "$home/data/h2"
  fi
  mkdir -p "$home/data/import" && cp "$KEYCLOAK_REALM_FILE" "$home/data/import/" && echo "$hash" > "$base/realm.sha256" || return 1
  [ -n "${JAVA_HOME:-}" ] || pick_java || return 1
  echo "starting Keycloak $KEYCLOAK_VERSION on :$KEYCLOAK_PORT (health on :$KEYCLOAK_MANAGEMENT_PORT, log: .run/keycloak.log; the first start also builds it)"
  local started=$SECONDS
  JAVA_OPTS_KC_HEAP="-Xms64m -Xmx768m" setsid nohup "$home/bin/kc.sh" start-dev --import-realm \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --hostname="http://localhost:$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --health-enabled=true \
    </dev/null >.run/keycloak.log 2>&1 &
  pid=$!
  echo "$pid" > "$base/pid"
  for _ in $(seq 1 300); do
    if curl -fs -m 5 -o /dev/null "http://localhost:$KEYCLOAK_MANAGEMENT_PORT/health/ready" && curl -fs -m 5 -o /dev/null "$discovery"; then
      echo "Keycloak is up on :$KEYCLOAK_PORT after $((SECONDS - started)) s (realm $KEYCLOAK_REALM_URL)"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  echo "error: Keycloak did not serve $discovery; see .run/keycloak.log" >&2
  tail -40 .run/keycloak.log >&2
  return 1
}

# keycloak_pid PIDFILE HOME : the pid in PIDFILE if that process is alive and is the Keycloak of HOME.
keycloak_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$2"; then
    echo "$pid"
  fi
}

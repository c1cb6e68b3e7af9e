#!/usr/bin/env bash
# Starts a local MariaDB for the JDBC tests and exports where to find it. Source it:
#   . .ci/mariadb.sh
# Idempotent: installs Debian's mariadb-server if missing (only as root; apt-get update first when
# the package lists are stale), starts the server on 127.0.0.1 if it does not answer, and creates
# the test user and database if they do not exist. Exports SEAM_MARIADB_URL, SEAM_MARIADB_USER and
# SEAM_MARIADB_PASSWORD, which the MariaDB tests read (with MariaDB Connector/J, and with MySQL
# Connector/J through the same host, port and database).

seam_mdb_user="${SEAM_MARIADB_USER:-seam}"
seam_mdb_password="${SEAM_MARIADB_PASSWORD:-seam}"
seam_mdb_db="${SEAM_MARIADB_DB:-seam}"
seam_mdb_port="${SEAM_MARIADB_PORT:-3306}"

if ! command -v mariadbd >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "mariadb.sh: MariaDB is not installed and this is not root; install 'mariadb-server'" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "== installing MariaDB (apt-get install mariadb-server)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null; }
fi

seam_mdb_client() {
  # As root, over the socket with unix_socket authentication (Debian's default for root).
  if [ "$(id -u)" -eq 0 ]; then
    mariadb -uroot --batch --skip-column-names "$@"
  else
    mariadb --batch --skip-column-names "$@"
  fi
}

if ! mariadb-admin ping --silent >/dev/null 2>&1; then
  echo "== starting MariaDB on 127.0.0.1:$seam_mdb_port"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  # No systemd in containers: the server's own wrapper, in the background, bound to loopback.
  nohup mariadbd-safe --bind-address=127.0.0.1 --port="$seam_mdb_port" >/dev/null 2>&1 &
  for _ in $(seq 1 60); do
    mariadb-admin ping --silent >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! mariadb-admin ping --silent >/dev/null 2>&1; then
    echo "mariadb.sh: MariaDB did not start within 30 s (see /var/log/mysql or the data dir)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi

# The tests connect over TCP to 127.0.0.1 with a password. PROCESS lets the user see the server's
# statements in information_schema.processlist (the leak check, the benchmark).
seam_mdb_client -e "
  CREATE DATABASE IF NOT EXISTS \`$seam_mdb_db\`;
  CREATE USER IF NOT EXISTS '$seam_mdb_user'@'127.0.0.1' IDENTIFIED BY '$seam_mdb_password';
  CREATE USER IF NOT EXISTS '$seam_mdb_user'@'localhost' IDENTIFIED BY '$seam_mdb_password';
  GRANT ALL ON \`$seam_mdb_db\`.* TO '$seam_mdb_user'@'127.0.0.1', '$seam_mdb_user'@'localhost';
  GRANT PROCESS ON *.* TO '$seam_mdb_user'@'127.0.0.1', '$seam_mdb_user'@'localhost';"

export SEAM_MARIADB_URL="jdbc:mariadb://127.0.0.1:$seam_mdb_port/$seam_mdb_db"
export SEAM_MARIADB_USER="$seam_mdb_user"
export SEAM_MARIADB_PASSWORD="$seam_mdb_password"
echo "== MariaDB ready: $SEAM_MARIADB_URL (user $SEAM_MARIADB_USER; MySQL Connector/J uses jdbc:mysql:// to the same)"

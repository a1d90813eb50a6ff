#!/bin/sh
# Entry point of the local PostgreSQL image: behaves like the official image for what
# conform needs (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA; the real server runs
# as PID 1 and logs "[1] LOG:  database system is ready to accept connections" when it is).
#
# initdb is most of a start (about 2 s of a 2.5 s start on a slow machine), so build.sh runs
# `docker-entrypoint.sh bake` once: a cluster made as conform asks for it (user, password and
# database conform) is kept in the image as one tar file, and a container asking for exactly
# that starts from a copy of it (about 60 ms). Any other request gets initdb, as before.
set -eu
PGBIN=/usr/lib/postgresql/15/bin
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_PASSWORD:=postgres}"
BAKED=/var/lib/postgresql/baked.tar
BAKED_AS=conform/conform/conform # user/password/database of the baked cluster
export PGDATA
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

# init_cluster makes a cluster in $PGDATA for $POSTGRES_USER, $POSTGRES_PASSWORD, $POSTGRES_DB.
init_cluster() {
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  chown postgres "$pwfile"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # Single-user mode logs its shutdown checkpoint on stderr: shown only when it fails.
    log=$(mktemp)
    echo "CREATE DATABASE \"$POSTGRES_DB\";" | as_pg "$PGBIN/postgres" --single -D "$PGDATA" postgres >/dev/null 2>"$log" \
      || { cat "$log" >&2; rm -f "$log"; exit 1; }
    rm -f "$log"
  fi
}

mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"

case "${1:-postgres}" in
bake)
  IFS=/ read -r POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB <<EOF
$BAKED_AS
EOF
  init_cluster
  as_pg tar -C "$PGDATA" -cf "$BAKED" .
  rm -rf "${PGDATA:?}"/*
  echo "baked a cluster for $BAKED_AS into $BAKED"
  ;;
postgres)
  [ $# -gt 0 ] && shift
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -f "$BAKED" ] && [ "$POSTGRES_USER/$POSTGRES_PASSWORD/$POSTGRES_DB" = "$BAKED_AS" ]; then
      as_pg tar -C "$PGDATA" -xf "$BAKED"
      echo "PostgreSQL data copied from the cluster baked into the image."
    else
      init_cluster
      echo "PostgreSQL init process complete; ready for start up."
    fi
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups \
    "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' "$@"
  ;;
*)
  exec "$@"
  ;;
esac

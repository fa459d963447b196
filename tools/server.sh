#!/usr/bin/env bash
# Start the web server as ./serve does (and bench/run, which measures exactly this):
#   tools/server.sh prepare              migrate, cache table, static files (quick the second time)
#   tools/server.sh start ADDRESS:PORT   the production server, in the foreground
#   tools/server.sh dev ADDRESS:PORT     Django's auto-reloading development server
# The database is SQLite in var/ (WAL) or PostgreSQL from DATABASE_URL.
# WEB_CONCURRENCY sets the number of worker processes (default: one per core).
# The settings come from the environment alone: ./serve and bench/run first source
# tools/server-env.sh (a local key, plain HTTP, no second factor), production does not (its
# systemd unit's EnvironmentFile, README), so none of those laptop defaults reach it.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?usage: tools/server.sh prepare|start|dev [ADDRESS:PORT]}
address=${2:-127.0.0.1:8000}
case "$what" in
  prepare)
    .venv/bin/python manage.py migrate --noinput -v 0
    .venv/bin/python manage.py createcachetable
    if [ "${DJANGO_DEBUG:-false}" != true ]; then
      # Hashed, compressed copies in var/static for WhiteNoise. Skipped when no static source
      # (ours or an installed package's) changed since the last time, so a restart is quick.
      stamp=var/static/.collected
      want=$( (find static stodplattform -path '*static*' -type f -printf '%p %s %T@\n' | sort;
               cat .venv/.installed-* 2>/dev/null) | sha256sum | cut -d' ' -f1)
      if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        .venv/bin/python manage.py collectstatic --noinput -v 0
        echo "$want" > "$stamp"
      fi
    fi
    ;;
  start)
    # Granian (Rust HTTP, WSGI workers): 1.3-1.9 times gunicorn's rate on the same page and
    # worker count on this 2-core machine (README, "Production server"). One worker process
    # per core, as Granian advises; more only added contention here.
    # A worker that dies (killed, out of memory) is replaced after a second; without
    # --respawn-failed-workers Granian stops altogether and takes the site down.
    workers=${WEB_CONCURRENCY:-$(nproc)}
    host=${address%:*}
    port=${address##*:}
    exec .venv/bin/granian --interface wsgi stodplattform.wsgi:application --host "$host" --port "$port" \
      --workers "$workers" --log-level warning --workers-kill-timeout 5 \
      --respawn-failed-workers --respawn-interval 1
    ;;
  dev)
    export DJANGO_DEBUG=true
    exec .venv/bin/python manage.py runserver --skip-checks "$address"
    ;;
  *)
    echo "usage: tools/server.sh prepare|start|dev [ADDRESS:PORT]" >&2
    exit 2
    ;;
esac

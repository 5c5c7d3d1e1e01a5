#!/usr/bin/env bash
# A Docker engine and a Debian 12 base image for the container image (docker/Dockerfile).
#   docker-engine.sh start       an engine that answers `docker info`: nothing to do when one
#                                runs; otherwise (root only) installs docker.io when dockerd is
#                                missing and starts dockerd, recording its PID so that `stop`
#                                stops only what `start` started
#   docker-engine.sh stop        SIGTERM to the dockerd `start` started (no-op otherwise)
#   docker-engine.sh base-image  makes $DEBIAN_IMAGE (default debian:12) available: present,
#                                else `docker pull`, else (root, no registry reachable) a
#                                `debootstrap --variant=minbase bookworm` root file system from
#                                the Debian mirror turned into that image with `docker import`
set -euo pipefail

PIDFILE=${CLOUDLIFE_DOCKERD_PIDFILE:-/run/cloudlife-dockerd.pid}
DEBIAN_IMAGE=${DEBIAN_IMAGE:-debian:12}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

engine_up() { docker info >/dev/null 2>&1; }

as_root() {
  [[ $(id -u) -eq 0 ]] || { echo "docker-engine: $1 needs root" >&2; exit 1; }
}

start() {
  if engine_up; then echo "docker-engine: an engine is already running"; return; fi
  as_root "starting dockerd"
  if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
    echo "docker-engine: installing docker.io"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends docker.io >/dev/null
  fi
  local log=${PIDFILE%.pid}.log
  dockerd >"$log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 300); do
    if engine_up; then echo "docker-engine: started dockerd (pid $(cat "$PIDFILE"), log $log)"; return; fi
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
    sleep 0.1
  done
  echo "docker-engine: dockerd did not come up; its log:" >&2
  tail -20 "$log" >&2
  stop
  exit 1
}

stop() {
  [[ -f "$PIDFILE" ]] || return 0
  local pid
  pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    echo "docker-engine: stopped dockerd (pid $pid)"
  fi
  rm -f "$PIDFILE"
}

base_image() {
  if docker image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1; then return; fi
  if docker pull -q "$DEBIAN_IMAGE" >/dev/null 2>&1; then echo "docker-engine: pulled $DEBIAN_IMAGE"; return; fi
  as_root "building $DEBIAN_IMAGE with debootstrap (no registry reachable)"
  if ! command -v debootstrap >/dev/null; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  local root
  root=$(mktemp -d)
  trap 'rm -rf "$root"' RETURN
  echo "docker-engine: no registry for $DEBIAN_IMAGE; debootstrap bookworm from $MIRROR"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$root.log" 2>&1 \
    || { tail -20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
  rm -f "$root.log"
  cat >"$root/etc/apt/sources.list" <<SOURCES
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
SOURCES
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - "$DEBIAN_IMAGE" >/dev/null
  echo "docker-engine: imported $DEBIAN_IMAGE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  base-image) base_image ;;
  *) echo "usage: $0 start|stop|base-image" >&2; exit 2 ;;
esac

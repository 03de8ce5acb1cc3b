#!/bin/sh
# Runs a command on this machine as if Python were not installed, to check that the tests that do not train
# need none: in a private mount namespace (Linux, root), every python binary is replaced by /dev/null and
# pyenv's folder by an empty one. Nothing changes outside the command.
#   sh scripts/without-python.sh npx vitest run
exec unshare -m sh -c '
  for p in /usr/bin/python* /usr/local/bin/python* /bin/python*; do
    [ -f "$p" ] && mount --bind /dev/null "$p"
  done
  for d in "$HOME/.pyenv" /opt/conda /usr/lib/python3; do
    [ -d "$d" ] && mount -t tmpfs none "$d"
  done
  if command -v python3 >/dev/null 2>&1 && python3 -c "" 2>/dev/null; then echo "without-python: python3 still runs" >&2; exit 1; fi
  exec "$@"' sh "$@"

#!/bin/sh
# Install the pinned markdownlint-cli2 (bench/package.json, bench/package-lock.json)
# into bench/node_modules. 0.22.1 is the newest release that runs on Node 20
# (0.23 and later need Node >= 22).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v npm >/dev/null 2>&1; then
    echo "install_markdownlint.sh: npm not found; install Node.js and npm first" >&2
    exit 1
fi
cd "$here"
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
"$here/node_modules/.bin/markdownlint-cli2" --help | head -1

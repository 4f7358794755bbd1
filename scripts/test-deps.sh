#!/bin/sh
# System-level dependencies of kgraph's tests (Python ones are in pyproject's `test`
# extra). Idempotent; safe to run on every `make test`.
#
# 1. node and npm (Debian's nodejs/npm, installed with apt-get when missing and root);
# 2. the JavaScript readers in tests/js (graphology + graphology-graphml/-gexf, sigma.js v3
#    and esbuild to bundle them for the browser, as Gephi Lite is built), from the
#    committed package-lock.json with `npm ci` (skipped when already installed);
# 3. the GraphML XML Schema in tests/.cache/ (scripts/fetch-graphml-xsd.sh);
# 4. for the view/render tests: Debian's chromium (driven by Playwright with
#    executable_path=/usr/bin/chromium; Playwright's own browser download is never used),
#    Graphviz's dot and a font; for the triple-store test, Virtuoso Open-Source's server
#    and isql (Debian's virtuoso-opensource-7-bin: the programs only, no system service)
#    (installed with apt-get when missing and root).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test-deps: installing nodejs and npm with apt-get"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "test-deps: node and npm are needed by the export tests; install them" \
             "(e.g. 'sudo apt-get install nodejs npm') and run this again" >&2
        exit 1
    fi
fi

js="$root/tests/js"
stamp="$js/node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ "$stamp" -nt "$js/package-lock.json" ] \
        && [ -d "$js/node_modules/graphology-graphml" ] \
        && [ -d "$js/node_modules/graphology-gexf" ] \
        && [ -d "$js/node_modules/sigma" ] && [ -d "$js/node_modules/esbuild" ]; then
    echo "test-deps: tests/js readers already installed"
else
    echo "test-deps: npm ci --prefix tests/js"
    npm ci --prefix "$js" --no-audit --no-fund --loglevel=error
fi

# 4. kgraph view / render (tests/test_view*.py), the RDF export in Virtuoso
#    (tests/test_export_virtuoso.py)
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v dot >/dev/null 2>&1 || need="$need graphviz"
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need="$need fonts-dejavu-core"
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 \
    || need="$need virtuoso-opensource-7-bin"
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test-deps: installing$need with apt-get"
        apt-get update -qq >/dev/null
        # shellcheck disable=SC2086  # $need is a list of package names
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            $need >/dev/null
    else
        echo "test-deps: the view and triple-store tests need$need; install them" \
             "(e.g. 'sudo apt-get install$need') and run this again" >&2
        exit 1
    fi
fi

sh "$root/scripts/fetch-graphml-xsd.sh"

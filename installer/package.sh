#!/usr/bin/env bash
# Builds the Holdfast packages with jlink + jpackage (see docs/installer.md):
#   installer/target/dist/packages/holdfast-edge-node_<v>_amd64.deb      service, bundled runtime, no JDK needed
#   installer/target/dist/packages/holdfast-desktop-console_<v>_amd64.deb desktop entry, bundled runtime
#   installer/target/dist/app-image/holdfast-edge-node/                   the edge node as a plain app-image
# Usage: installer/package.sh [--edge-only] [--out DIR]   (needs the jars: ./holdfast build; fakeroot, dpkg-deb)
# JAVA_HOME must be a JDK 21+ with jlink and jpackage.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDGE_ONLY=
OUT="$ROOT/installer/target/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --edge-only) EDGE_ONLY=1; shift ;;
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "package: unknown option '$1' (usage: package.sh [--edge-only] [--out DIR])" >&2; exit 2 ;;
  esac
done
JDK="${JAVA_HOME:?JAVA_HOME must point at a JDK 21+}"
for tool in jlink jpackage; do
  [ -x "$JDK/bin/$tool" ] || { echo "package: $JDK/bin/$tool is missing (a JDK, not a JRE, is needed)" >&2; exit 1; }
done
for tool in fakeroot dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { echo "package: '$tool' is missing: apt-get install -y fakeroot dpkg-dev" >&2; exit 1; }
done
EDGE_JAR="$ROOT/edge-node/target/holdfast-edge-node.jar"
CONSOLE_JAR="$ROOT/desktop-console/target/holdfast-desktop-console.jar"
[ -f "$EDGE_JAR" ] || { echo "package: $EDGE_JAR is missing: run ./holdfast build first" >&2; exit 1; }
[ -n "$EDGE_ONLY" ] || [ -f "$CONSOLE_JAR" ] || { echo "package: $CONSOLE_JAR is missing: run ./holdfast build" >&2; exit 1; }

# Debian versions cannot carry -SNAPSHOT: 0.1.0-SNAPSHOT -> 0.1.0
VERSION=$(sed -n '0,/<version>\(.*\)<\/version>/s//\1/p' "$ROOT/pom.xml" | head -1 | tr -d ' \t' | sed 's/-SNAPSHOT//')
rm -rf "$OUT/packages" "$OUT/app-image" "$OUT/runtime" "$OUT/edge-input" "$OUT/console-input"
mkdir -p "$OUT/packages" "$OUT/app-image"
# Same JVM flags as ./holdfast edge (Chronicle Queue on JDK 17+): one source, the parent pom.
FLAGS=$(sed -n 's:.*<chronicle.jvm.args>\(.*\)</chronicle.jvm.args>.*:\1:p' "$ROOT/pom.xml")
FLAGS="$FLAGS --sun-misc-unsafe-memory-access=allow"

step() { echo "package: $* ($(date +%T))" >&2; }

# One runtime for both: what `jdeps --print-module-deps` finds for the edge node's class path (java.desktop
# for java.beans; the console needs it for real), plus HL7 charsets (jdk.charsets: GB 18030, BIG-5), jar file
# systems and java.management for the broker. Temurin 25 has no jmods: jlink links from the run-time image.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
MODULES=$MODULES,java.prefs,java.scripting,java.sql,java.xml,jdk.management,jdk.net,jdk.unsupported,jdk.charsets
MODULES=$MODULES,jdk.crypto.ec,jdk.zipfs
# Kafka upstream (kafka-clients): SASL login (SCRAM, PLAIN) and the Kerberos types its authenticator refers to
MODULES=$MODULES,java.security.sasl,java.security.jgss
# dpkg-deb's default (xz) takes minutes for ~250 MB on two cores; gzip takes seconds and every dpkg reads it.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
step "jlink runtime"
"$JDK/bin/jlink" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --output "$OUT/runtime"

# --- edge node ---
IN="$OUT/edge-input"
mkdir -p "$IN/service"
cp "$EDGE_JAR" "$IN/"
cp -r "$ROOT/edge-node/target/lib" "$IN/lib"
cp "$ROOT/installer/edge-node/"{holdfast-edge-node.service,holdfast-edge-node.default,devices.yaml,logback.xml} "$IN/service/"
# The shipped configuration, with the service's paths (FHS) instead of the repository's relative ones.
sed -e 's#^  data-dir: \./data #  data-dir: /var/lib/holdfast #' \
    -e 's#^  dir: \./backups #  dir: /var/backups/holdfast #' \
    -e 's#^  file: config/devices\.yaml #  file: /etc/holdfast/devices.yaml #' \
    "$ROOT/config/edge-node.yaml" > "$IN/service/edge-node.yaml"
grep -q '/var/lib/holdfast' "$IN/service/edge-node.yaml" || { echo "package: could not set data-dir in edge-node.yaml" >&2; exit 1; }
grep -q '/var/backups/holdfast' "$IN/service/edge-node.yaml" || { echo "package: could not set backup.dir" >&2; exit 1; }
# What a site loads into its Prometheus and Grafana (docs/observability/README.md).
mkdir -p "$IN/observability"
cp "$ROOT/docs/observability/"{holdfast-alerts.rules.yml,holdfast-dashboard.json,README.md} "$IN/observability/"

JOPTS=(--java-options "-Xmx512m $FLAGS")
cat > "$OUT/holdfast-backup.properties" <<PROPS
main-class=holdfast.edge.backup.BackupMain
java-options=-Xmx128m
PROPS
cat > "$OUT/holdfast-restore.properties" <<PROPS
main-class=holdfast.edge.backup.RestoreMain
java-options=-Xmx256m
PROPS
EDGE_COMMON=(--name holdfast-edge-node --app-version "$VERSION" --vendor "Holdfast"
  --description "Holdfast edge node: store-and-forward of ward device readings and HL7 feeds"
  --input "$IN" --main-jar holdfast-edge-node.jar --main-class holdfast.edge.EdgeNodeMain
  --runtime-image "$OUT/runtime" "${JOPTS[@]}"
  --java-options "-Dlogback.configurationFile=\$APPDIR/service/logback.xml"
  --add-launcher "holdfast-backup=$OUT/holdfast-backup.properties"
  --add-launcher "holdfast-restore=$OUT/holdfast-restore.properties")

step "jpackage edge node app-image"
"$JDK/bin/jpackage" --type app-image --dest "$OUT/app-image" "${EDGE_COMMON[@]}"
step "jpackage edge node .deb"
"$JDK/bin/jpackage" --type deb --dest "$OUT/packages" "${EDGE_COMMON[@]}" \
  --resource-dir "$ROOT/installer/edge-node/debian" \
  --linux-package-name holdfast-edge-node --linux-deb-maintainer "ops@holdfast.invalid" --linux-app-category misc

if [ -z "$EDGE_ONLY" ]; then
  # --- desktop console: JavaFX jars on the class path (no module-info), a desktop entry; needs GTK 3. ---
  CIN="$OUT/console-input"
  mkdir -p "$CIN"
  cp "$CONSOLE_JAR" "$CIN/"
  cp -r "$ROOT/desktop-console/target/lib" "$CIN/lib"
  step "jpackage console .deb"
  "$JDK/bin/jpackage" --type deb --dest "$OUT/packages" --name holdfast-desktop-console --app-version "$VERSION" \
    --vendor "Holdfast" --description "Holdfast desktop console for ward edge nodes" \
    --input "$CIN" --main-jar holdfast-desktop-console.jar --main-class holdfast.console.ConsoleMain \
    --runtime-image "$OUT/runtime" --java-options "--enable-native-access=ALL-UNNAMED" \
    --linux-package-name holdfast-desktop-console --linux-deb-maintainer "ops@holdfast.invalid" \
    --linux-shortcut --linux-menu-group "Utility" --linux-app-category utils --linux-package-deps libgtk-3-0
fi
step "done"
ls -l "$OUT/packages" >&2

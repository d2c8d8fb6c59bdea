#!/usr/bin/env bash
# Regenerates the "previous release" fixture for UpgradeIT: the data dir (H2 database at that release's schema,
# lane journals as it wrote them) of a node of release PREV that synced part of its events and buffered the rest.
#   simulator/src/test/resources/upgrade/generate.sh [PREV_COMMIT]     (default 326faa6: schema V3, before alerts)
# Needs: a JDK 21+ in JAVA_HOME, Maven, curl, jq, zip; the current simulator built (for the reference cloud).
# Writes release-<PREV>/data.zip and release-<PREV>/fixture.json (what UpgradeIT expects) beside this script.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../../../.." && pwd)"
PREV="${1:-326faa6}"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
FLAGS="$(sed -n 's:.*<chronicle.jvm.args>\(.*\)</chronicle.jvm.args>.*:\1:p' "$REPO/pom.xml") --sun-misc-unsafe-memory-access=allow"
ADMIN=hf_sync-test-admin-token-0123456789   # NodeClient.ADMIN_TOKEN, so the tests can use it
CLOUD_TOKEN=cloud-test-token
HTTP=18590; CLOUD=18591

echo "building release $PREV in $WORK/src" >&2
mkdir -p "$WORK/src"
git -C "$REPO" archive "$PREV" | tar -x -C "$WORK/src"
(cd "$WORK/src" && mvn -B -q -o package -DskipTests -pl edge-node -am)

java -cp "$REPO/simulator/target/holdfast-simulator.jar" holdfast.simulator.cloud.ReferenceCloudMain \
  --port $CLOUD --data-dir "$WORK/cloud" --token $CLOUD_TOKEN > "$WORK/cloud.log" 2>&1 &
CLOUD_PID=$!
DATA="$WORK/data"
HOLDFAST_NODE_ID=edge-prev HOLDFAST_DATA_DIR="$DATA" HOLDFAST_HTTP_PORT=$HTTP HOLDFAST_MLLP_PORT=0 \
HOLDFAST_EMBEDDED_BROKER_PORT=0 HOLDFAST_ADMIN_TOKEN=$ADMIN HOLDFAST_UPSTREAM_URL=http://127.0.0.1:$CLOUD \
HOLDFAST_UPSTREAM_TOKEN=$CLOUD_TOKEN HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS=300 \
HOLDFAST_CONFIG_DISK__BATCH_MIN_FREE_MB=0 HOLDFAST_CONFIG_DISK__STANDARD_MIN_FREE_MB=0 HOLDFAST_CONFIG_DISK__CRITICAL_MIN_FREE_MB=0 \
HOLDFAST_CONFIG_LANES__RULES__0__NAME=bulk-backfill HOLDFAST_CONFIG_LANES__RULES__0__DEVICE_PREFIX=bulk- \
HOLDFAST_CONFIG_LANES__RULES__0__LANE=batch \
  java $FLAGS -jar "$WORK/src/edge-node/target/holdfast-edge-node.jar" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
until curl -sf localhost:$HTTP/observe/health >/dev/null; do sleep 0.5; done

post() { # device message priority
  local prio=""; [ -n "$3" ] && prio=",\"priority\":\"$3\""
  curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN" -X POST localhost:$HTTP/api/v1/observations -d \
    "{\"messageId\":\"$2\",\"deviceId\":\"$1\",\"bed\":\"ICU-1\",\"observedAt\":\"2026-11-20T08:00:00Z\",\"observations\":[{\"code\":\"8867-4\",\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]$prio}"
}
status() { curl -sf -H "Authorization: Bearer $ADMIN" localhost:$HTTP/api/v1/status; }
# Synced by the previous release: 10 per lane.
for i in $(seq 0 9); do post prev-crit "prev-crit-m$i" critical; post prev-std "prev-std-m$i" ""; post bulk-prev "bulk-prev-m$i" ""; done
until [ "$(status | jq '[.lanes[].backlog] | add')" = 0 ]; do sleep 0.5; done
# Buffered (cloud gone) when the previous release was stopped: 15 more per lane, and one dead letter.
kill $CLOUD_PID; wait $CLOUD_PID 2>/dev/null || true
for i in $(seq 10 24); do post prev-crit "prev-crit-m$i" critical; post prev-std "prev-std-m$i" ""; post bulk-prev "bulk-prev-m$i" ""; done
curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" -X POST localhost:$HTTP/api/v1/observations -d '{"deviceId":"prev-std"}'
status | jq '{nodeId, lanes: [.lanes[] | {name, appended, synced}], deadLetters}' > "$WORK/fixture.json"
kill $NODE_PID; wait $NODE_PID 2>/dev/null || true

OUT="$HERE/release-$PREV"
rm -rf "$OUT"; mkdir -p "$OUT"
(cd "$DATA" && zip -q -r -9 "$OUT/data.zip" db journals)
jq --arg release "$PREV" '. + {release: $release}' "$WORK/fixture.json" > "$OUT/fixture.json"
ls -l "$OUT" >&2; cat "$OUT/fixture.json" >&2

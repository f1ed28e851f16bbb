#!/usr/bin/env sh
# Bundles the redemption script and prints a ConfigMap holding it and the members file:
#   MEMBERS_FILE=members.json load/deploy/k6-operator/pack.sh | kubectl apply -f -
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
name=${CONFIGMAP_NAME:-sessionm-redemption}
members=${MEMBERS_FILE:?set MEMBERS_FILE to the members JSON the runners read (see load/README.md)}

(cd "$root" && npm run --silent bundle >&2)
bundle="$root/dist/k6/redemption.js"

# A ConfigMap holds at most 1 MiB; the source map stays out, it is for local debugging.
size=$(($(wc -c <"$bundle") + $(wc -c <"$members")))
if [ "$size" -ge 1048576 ]; then
  echo "bundle + members are $size bytes, over a ConfigMap's 1 MiB: ship them on a volumeClaim instead" >&2
  exit 1
fi

kubectl create configmap "$name" \
  --from-file=redemption.js="$bundle" \
  --from-file=members.json="$members" \
  --dry-run=client -o yaml

#!/bin/sh
# Roll out the release named in release/kustomization.yaml: migrations first,
# then web, worker and beat. Stops at the first failure, old pods still serving.
#
#   deploy/k8s/release.sh            # namespace groupage, kubectl's current context
set -eu
cd "$(dirname "$0")"
ns="${NAMESPACE:-groupage}"

kubectl -n "$ns" delete job groupage-migrate --ignore-not-found --wait=true
kubectl apply -k migrate
echo "release: migrating (kubectl -n $ns logs -f job/groupage-migrate)"
while :; do
    done_="$(kubectl -n "$ns" get job groupage-migrate -o jsonpath='{.status.succeeded}')"
    failed="$(kubectl -n "$ns" get job groupage-migrate -o jsonpath='{.status.failed}')"
    [ "${done_:-0}" -ge 1 ] && break
    if [ "${failed:-0}" -ge 1 ]; then
        kubectl -n "$ns" logs job/groupage-migrate --tail=50 >&2 || true
        echo "release: migrations failed; nothing else was changed" >&2
        exit 1
    fi
    sleep 5
done
kubectl apply -k .
for deployment in web worker beat; do
    kubectl -n "$ns" rollout status "deployment/$deployment" --timeout=15m
done
echo "release: done"

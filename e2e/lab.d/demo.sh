# shellcheck shell=bash
# e2e/lab demo: the whole story in one command. The lab's five hosts from their starting point, the
# operator on the embedded API server, the lab's samples applied with the lab's host keys pinned,
# downtime allowed, the convergence shown as it goes, a failover test, the table. The operator keeps
# running afterwards for the user to try things (`e2e/lab demo stop` ends it).
#
# Everything stays on this machine: the embedded API server listens on 127.0.0.1, and the operator's
# SSH may only reach loopback and the lab's veth (the launcher's default egress guard).

PROJECT=$(cd "$LAB_DIR/.." && pwd)
DEMO_DIR=$PROJECT/target/demo
DEMO_JAR=$PROJECT/embedded/target/ovd-failover-embedded.jar
DEMO_PID=$DEMO_DIR/operator.pid
DEMO_T0=''

demo_say() { printf '[demo %6.1f s] %s\n' "$(awk -v a="$DEMO_T0" -v b="$(now)" 'BEGIN{print b-a}')" "$*"; }

demo_stop() {
  local pid
  pid=$(cat "$DEMO_PID" 2>/dev/null) || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    # a clean stop closes the SSH connections; give it the time a Deployment would (30 s)
    poll 30 bash -c "! kill -0 $pid 2>/dev/null" || die "the demo's operator (pid $pid) did not stop in 30 s"
    [[ ${1:-} == quiet ]] || echo "demo operator (pid $pid) stopped"
  fi
  rm -f "$DEMO_PID"
}

# The lab's ClusterNode samples with each node's host key pinned instead of trusted on first use.
demo_nodes() {
  local n pins=''
  for n in $NODES; do pins+="$n $(cat "$EXPORT/$n.pub")"$'\n'; done
  PINS=$pins awk '
    BEGIN {
      n = split(ENVIRON["PINS"], l, "\n")
      for (i = 1; i <= n; i++) if (l[i] != "") { sp = index(l[i], " "); key[substr(l[i], 1, sp - 1)] = substr(l[i], sp + 1) }
    }
    /^ *#.*first key/ { next }
    /^ *nodeName:/ { node = $2 }
    /^ *trustOnFirstUse: true/ {
      indent = substr($0, 1, index($0, "t") - 1)
      printf "%shostKey: \"%s\"\n%strustOnFirstUse: false\n", indent, key[node], indent
      next
    }
    { print }' "$PROJECT/deploy/samples/lab/20-nodes.yaml"
}

# A Secret from files (values never on a command line), applied as the embedded server wants it.
demo_secret() {
  local name=$1; shift
  local from=() kv
  for kv in "$@"; do from+=(--from-file="$kv"); done
  kubectl create secret generic "$name" "${from[@]}" --dry-run=client -o yaml |
    kubectl apply --validate=false -f - >/dev/null
}

demo_status_line() {
  kubectl get ovdcluster lab -o jsonpath='{.status.phase}{" | "}{.status.nodesReady}{" nodes | "}{.status.message}{range .status.pendingActions[*]}{" | waits: "}{.node}{" "}{.step}{end}' 2>/dev/null
}

cmd_demo() {
  need_root
  if [[ ${1:-} == stop ]]; then demo_stop; return; fi
  [[ $# -eq 0 ]] || die "usage: e2e/lab demo [stop]"
  command -v kubectl >/dev/null || die "the demo needs kubectl (https://kubernetes.io/docs/tasks/tools/)"
  command -v java >/dev/null || die "the demo needs Java 17 or newer"
  DEMO_T0=$(now)
  mkdir -p "$DEMO_DIR"
  demo_stop quiet

  local running; running=$(running_suite)
  if [[ $running == "$SUITE" ]]; then
    demo_say "1/6 the $SUITE lab is up: every node back to its starting point"
    local n; for n in $NODES; do cmd_reset "$n" >/dev/null; done
  else
    [[ -z $running ]] || die "a $running lab is up: e2e/lab down first, or run e2e/lab --suite $running demo"
    demo_say "1/6 the $SUITE lab: building what is missing, booting the five nodes"
    cmd_up >"$DEMO_DIR/lab-up.log" 2>&1 || { cat "$DEMO_DIR/lab-up.log" >&2; die "e2e/lab up failed"; }
  fi

  if [[ ! -f $DEMO_JAR ]]; then
    demo_say "   building the operator (mvn -B -q -DskipTests package)"
    (cd "$PROJECT" && mvn -B -q -DskipTests package) || die "the build failed"
  fi
  demo_say "2/6 the operator on an embedded API server (log: target/demo/operator.log)"
  rm -f "$DEMO_DIR/kubeconfig.yaml"
  # shorter intervals than a Deployment's defaults so the story fits in minutes; any free ports
  OBSERVE_INTERVAL=5s RETRY_INTERVAL=5s \
    setsid java -jar "$DEMO_JAR" --embedded-port 0 --metrics-port 0 \
    --kubeconfig-out "$DEMO_DIR/kubeconfig.yaml" >"$DEMO_DIR/operator.log" 2>&1 </dev/null &
  echo $! >"$DEMO_PID"
  export KUBECONFIG=$DEMO_DIR/kubeconfig.yaml
  poll 120 bash -c "[[ -s $KUBECONFIG ]] && kubectl get crd ovdfailoverclusters.ovdfailover.io >/dev/null 2>&1" ||
    { tail -20 "$DEMO_DIR/operator.log" >&2; die "the operator did not start"; }

  demo_say "3/6 the lab's samples: secrets (the lab's root key, fresh passwords), the cluster, the nodes with their host keys pinned"
  local secrets; secrets=$(mktemp -d); chmod 700 "$secrets"
  head -c 18 /dev/urandom | base64 | tr -d '\n' >"$secrets/hacluster"
  head -c 18 /dev/urandom | base64 | tr -d '\n' >"$secrets/db"
  printf ovd >"$secrets/user"
  demo_secret ovd-ssh-key "ssh-privatekey=$KEYS/root_ed25519"
  demo_secret hacluster-password "password=$secrets/hacluster"
  demo_secret ovd-db "username=$secrets/user" "password=$secrets/db"
  rm -rf "$secrets"
  kubectl apply --validate=false -f "$PROJECT/deploy/samples/lab/10-cluster.yaml" >/dev/null
  demo_nodes | kubectl apply --validate=false -f - >/dev/null

  demo_say "4/6 downtime allowed: the guide's build restarts services (kubectl patch ... allowDowntime: true)"
  kubectl patch ovdcluster lab --type=merge -p '{"spec":{"maintenance":{"allowDowntime":true}}}' >/dev/null

  demo_say "5/6 converging (phase | nodes ready | stage: what it does | what waits)"
  local line last='' deadline; deadline=$(( $(date +%s) + 900 ))
  while :; do
    line=$(demo_status_line)
    if [[ $line == [A-Za-z]* && $line != "$last" ]]; then demo_say "   $line"; last=$line; fi
    [[ $line != Ready* ]] || break
    [[ $(date +%s) -lt $deadline ]] || { tail -30 "$DEMO_DIR/operator.log" >&2; die "not Ready after 15 minutes"; }
    sleep 1
  done

  demo_say "6/6 a failover test (kubectl ovd test lab --follow)"
  "$PROJECT/plugin/kubectl-ovd" test lab --follow --timeout 300 || die "the failover test did not succeed"

  echo
  kubectl get ovdclusters -o wide
  echo
  kubectl get ovdnodes -o wide
  echo
  demo_say "done: $(since "$DEMO_T0") s"
  cat <<NEXT

The operator keeps running (pid $(cat "$DEMO_PID"), log target/demo/operator.log). Try:
  export KUBECONFIG=$KUBECONFIG PATH=\$PATH:$PROJECT/plugin
  kubectl ovd status                     # nodes, resources, active node, last tests, conditions
  kubectl ovd test --follow              # another failover test, back to the other node
  e2e/lab stop osm1                      # a power cut: watch kubectl get ovdclusters -w
  e2e/lab ssh pcs3 pcs node standby osm2 # an admin's standby: reported, never undone
  kubectl get events --sort-by=.lastTimestamp
Stop it with: e2e/lab demo stop (and e2e/lab down for the lab)
NEXT
}

#!/usr/bin/env bash
# Runs a command in a private network namespace that has only loopback (127.0.0.1, up; and
# 10.77.0.1 on a dummy device for Janus, below):
# WebRTC's ICE can then pair only loopback candidates, no packet leaves the machine, and the
# peers of a test never reach, or get reached by, anything else on the host or the network.
#
#   scripts/netns.sh node --test tests/e2e/media.test.mjs
#
# As root: `unshare -n`. Otherwise: `unshare -rn` (a user namespace, where we are root, owning
# the network namespace), when the kernel allows unprivileged user namespaces.
# Everything the command starts (servers, browsers) must listen on 127.0.0.1 inside it: the
# host's loopback is another namespace's.
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: scripts/netns.sh <command> [args...]" >&2; exit 2; }
command -v unshare >/dev/null && command -v ip >/dev/null \
  || { echo "netns: needs \`unshare\` (util-linux) and \`ip\` (iproute2)" >&2; exit 1; }

# Janus (tests/e2e/janus-server.mjs) gathers no ICE candidates on loopback interfaces: a
# dummy `ifb0` device holds 10.77.0.1 for it (conf/janus/janus.jcfg: ice_enforce_list), IPv4
# only. The kernel carries traffic to that local address over `lo`, so nothing leaves the
# namespace either. Best effort: without the ifb module everything else works as before.
# shellcheck disable=SC2016 # $@ is the inner shell's
inner='ip link set lo up || exit
if ip link add ifb0 type ifb 2>/dev/null && ip addr add 10.77.0.1/32 dev ifb0 && ip link set ifb0 up; then
  echo 1 >/proc/sys/net/ipv6/conf/ifb0/disable_ipv6 2>/dev/null || true
else
  echo "netns: no ifb0 device (ip link add ifb0 type ifb failed): the Janus tests will not be able to gather ICE candidates" >&2
fi
exec "$@"'
for flags in -n -rn; do
  if unshare "$flags" true 2>/dev/null; then
    exec unshare "$flags" -- bash -c "$inner" netns "$@"
  fi
done
cat >&2 <<EOF
netns: cannot create a private network namespace: neither \`unshare -n\` (needs root or
CAP_SYS_ADMIN) nor \`unshare -rn\` (needs unprivileged user namespaces:
sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0) works here.
The end-to-end tests and the media benchmark run their browsers inside one, so that WebRTC
uses loopback only. Run them as root, or enable user namespaces.
EOF
exit 1

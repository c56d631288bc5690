#!/bin/bash
# docs/scale.md's GNU Parallel recipe, run as written: on this machine
# (-S 1/:) and over ssh to an sshd started here on 127.0.0.1. Chunks of a
# NUL-separated list go to `convert --files-from - -0 --report -`; the
# outputs must be byte for byte those of one run over the whole list, and
# the merged report one valid line per article and format.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

# An archive with same-named articles in different folders.
for d in 2019/01 2019/02 2020/01; do
	mkdir -p "$WORK/archive/$d"
	for n in a b c d; do
		printf '<article version="1.0" xml:lang="ar"><meta><title>%s %s</title></meta><body><p>مقالة %s من %s</p></body></article>\n' \
			"$n" "$d" "$n" "$d" > "$WORK/archive/$d/$n.xml"
	done
done
(cd "$WORK/archive" && find . -name '*.xml' -print0 | sort -z) > "$WORK/list0"
(cd "$WORK/archive" && "$CONVERT" --to epub,docbook -q --files-from "$WORK/list0" -0 -o "$WORK/ref/")
check "one run over the whole list mirrors the tree" test -f "$WORK/ref/2019/02/c.epub" -a -f "$WORK/ref/2020/01/c.dbk"

if ! command -v parallel > /dev/null; then
	fail "GNU Parallel is not installed (Debian package parallel, in scripts/install-deps)"
	finish
fi

# recipe HOSTS OUT [PARALLEL OPTIONS]: the recipe of docs/scale.md.
recipe() {
	hosts=$1 out=$2
	shift 2
	parallel --will-cite -S "$hosts" "$@" --pipe -N 5 --recend '\0' --env SOURCE_DATE_EPOCH \
		"cd '$WORK/archive' && '$CONVERT' --to epub,docbook -q --files-from - -0 --report - -o '$out/'" \
		< "$WORK/list0" > "$out.jsonl"
}

recipe 1/: "$WORK/local"
same "GNU Parallel -S 1/: runs the recipe" "$?" 0
check "its outputs are one run's, byte for byte" diff -r "$WORK/ref" "$WORK/local"
check "the merged report has one valid line per article and format" \
	python3 "$TOP/tests/tools/report-check" "$WORK/local.jsonl" 24

# Over ssh: an sshd of our own on 127.0.0.1, a key made here, nothing of
# the machine's configuration used or changed (but /run/sshd, which sshd
# needs to exist).
if [ "$(id -u)" != 0 ] || [ ! -x /usr/sbin/sshd ]; then
	fail "sshd cannot be started here (needs root and openssh-server, in scripts/install-deps)"
	finish
fi
mkdir -p /run/sshd "$WORK/ssh"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/host" && ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/user"
cp "$WORK/ssh/user.pub" "$WORK/ssh/authorized_keys"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/ssh/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $WORK/ssh/host
PidFile $WORK/ssh/sshd.pid
AuthorizedKeysFile $WORK/ssh/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
AllowUsers $(id -un)
EOF
cat > "$WORK/ssh/config" <<EOF
Host archive-host
	HostName 127.0.0.1
	Port $port
	User $(id -un)
	IdentityFile $WORK/ssh/user
	IdentitiesOnly yes
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null
	LogLevel ERROR
	BatchMode yes
EOF
/usr/sbin/sshd -f "$WORK/ssh/sshd_config" -E "$WORK/ssh/sshd.log"
trap 'kill "$(cat "$WORK/ssh/sshd.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do ssh -F "$WORK/ssh/config" archive-host true 2>/dev/null && break; sleep 0.1; done
check "an sshd of our own answers on 127.0.0.1" ssh -F "$WORK/ssh/config" archive-host true
recipe 1/archive-host "$WORK/remote" --ssh "ssh -F $WORK/ssh/config"
same "GNU Parallel over ssh runs the recipe" "$?" 0
check "the outputs over ssh are one run's, byte for byte" diff -r "$WORK/ref" "$WORK/remote"
check "the merged report over ssh has one valid line per article and format" \
	python3 "$TOP/tests/tools/report-check" "$WORK/remote.jsonl" 24
finish

#!/bin/bash
# make install and make uninstall into a scratch prefix: another `convert`
# on PATH is never shadowed silently (PROGRAM=name or FORCE=1 instead);
# the man page is installed and reads cleanly with man -l, lists every
# option --help lists, and follows PROGRAM, as the bash completion does,
# which offers formats and parameters from the program itself.
. "$(dirname "$0")/lib.sh"

# ImageMagick's convert, as far as PATH can tell.
mkdir "$WORK/other"
printf '#!/bin/sh\necho "Version: ImageMagick 6.9"\n' > "$WORK/other/convert"
chmod +x "$WORK/other/convert"
prefix="$WORK/usr"
# (not as a sub-make of make check: its jobserver is not ours)
inst() { PATH="$WORK/other:$PATH" env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" BUILD="$BUILD" PREFIX="$prefix" "$@"; }

inst install > "$WORK/refused.out" 2>&1
check "make install stops when another convert is on PATH" test $? -ne 0
check "... naming it" grep -q "$WORK/other/convert" "$WORK/refused.out"
check "... and offering PROGRAM=name and FORCE=1" \
	sh -c "grep -q 'PROGRAM=docconvert' '$WORK/refused.out' && grep -q 'FORCE=1' '$WORK/refused.out'"
check "... having installed nothing" test ! -e "$prefix"

inst install PROGRAM=docconvert > "$WORK/prog.out" 2>&1
check "make install PROGRAM=docconvert installs" test -x "$prefix/bin/docconvert"
check "the installed command finds its plugins" \
	sh -c "'$prefix/bin/docconvert' --list-formats --names | grep -qx pdf"
"$prefix/bin/docconvert" --to docbook -o "$WORK/out.dbk" "$SAMPLES/features.en.xml"
check "the installed command converts" test -s "$WORK/out.dbk"
man_page="$prefix/share/man/man1/docconvert.1"
check "the man page follows PROGRAM" test -f "$man_page"
MANWIDTH=80 man --warnings -l "$man_page" > "$WORK/man.txt" 2> "$WORK/man.warn"
check "man -l reads it" grep -q '^NAME' "$WORK/man.txt"
check "man -l reports no warnings" test ! -s "$WORK/man.warn"
check "the man page names the command docconvert" grep -Eq '^ *docconvert +- ' "$WORK/man.txt"
missing=""
for o in $("$CONVERT" --help | awk '$1 ~ /^-/ { sub(/,$/, "", $1); print $1; if ($2 ~ /^--/) print $2 }'); do
	grep -q -- "$o" "$WORK/man.txt" || missing="$missing $o"
done
same "every option --help lists is in the man page" "$missing" ""
check "the man page tells the exit statuses and SOURCE_DATE_EPOCH" \
	sh -c "grep -q 'EXIT STATUS' '$WORK/man.txt' && grep -q SOURCE_DATE_EPOCH '$WORK/man.txt'"

comp="$prefix/share/bash-completion/completions/docconvert"
check "the bash completion follows PROGRAM" grep -q 'complete -F _convert_complete docconvert$' "$comp"
# complete WORD...: what the completion offers for the last word.
complete_words() {
	PATH="$prefix/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _convert_complete; echo "${COMPREPLY[*]}"' _ "$comp" "$@"
}
same "completion offers the formats" "$(complete_words docconvert --to '')" "docbook epub html pdf"
same "completion completes the last of a comma list" "$(complete_words docconvert --to pdf,ep)" "pdf,epub"
same "completion offers a chosen format's parameters" "$(complete_words docconvert --to pdf -p page-)" "page-size="
same "completion offers options" "$(complete_words docconvert --fail)" "--fail-fast"

# --- the quick start's package step, as root and as a user with sudo ------------
# scripts/install-deps with stand-ins for dpkg-query (every package
# missing), apt-get and sudo (both log their arguments) and id.
mkdir -p "$WORK/deps/scripts" "$WORK/fake" "$WORK/sudobin"
cp "$TOP/scripts/install-deps" "$WORK/deps/scripts/"
printf '#!/bin/sh\nexit 1\n' > "$WORK/fake/dpkg-query"
printf '#!/bin/sh\necho "apt-get $*" >> "%s"\n' "$WORK/deps.log" > "$WORK/fake/apt-get"
printf '#!/bin/sh\necho "sudo $*" >> "%s"\nexec "$@"\n' "$WORK/deps.log" > "$WORK/sudobin/sudo"
chmod +x "$WORK/fake/"* "$WORK/sudobin/sudo"
# deps UID [no-sudo]: runs install-deps as if user UID, with or without sudo.
deps() {
	mkdir -p "$WORK/fakeid"
	printf '#!/bin/sh\necho %s\n' "$1" > "$WORK/fakeid/id"
	chmod +x "$WORK/fakeid/id"
	: > "$WORK/deps.log"
	rm -f "$WORK/fakeid/sudo"
	[ "${2:-}" = no-sudo ] || ln -s "$WORK/sudobin/sudo" "$WORK/fakeid/sudo"
	# Only the stand-ins and the basic tools: no real sudo on this PATH.
	mkdir -p "$WORK/basic"
	for t in sh env grep cat; do ln -sf "$(command -v $t)" "$WORK/basic/$t"; done
	PATH="$WORK/fakeid:$WORK/fake:$WORK/basic" sh "$WORK/deps/scripts/install-deps" > "$WORK/deps.out" 2>&1
}
deps 0 no-sudo
st=$?
check "as root without sudo, install-deps runs apt-get itself" \
	sh -c "test $st = 0 && grep -q '^apt-get install -y .*parallel' '$WORK/deps.log' && ! grep -q '^sudo' '$WORK/deps.log'"
deps 1000
check "as a user with sudo, install-deps runs apt-get through sudo" \
	sh -c "grep -q '^sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y .*parallel' '$WORK/deps.log'"
deps 1000 no-sudo
st=$?
check "as a user without sudo, install-deps says what to install and fails" \
	sh -c "test $st = 1 && grep -q 'run as root: apt-get install' '$WORK/deps.out' && test ! -s '$WORK/deps.log'"
check "the README's quick start is make demo, with no sudo in front" \
	sh -c "sed -n '/^## Quick start/,/^## /p' '$TOP/README.md' | grep -q '^make demo' && ! sed -n '/^## Quick start/,/^## /p' '$TOP/README.md' | grep -q '^sudo'"

inst install FORCE=1 > "$WORK/force.out" 2>&1
check "make install FORCE=1 installs as convert all the same" test -x "$prefix/bin/convert"
inst uninstall FORCE=1 > /dev/null 2>&1
inst uninstall PROGRAM=docconvert > /dev/null 2>&1
check "make uninstall removes the commands, plugins, share, man pages and completions" \
	test -z "$(find "$prefix" -type f)"
check "the other convert is untouched" grep -q ImageMagick "$WORK/other/convert"
finish

#!/bin/bash
# What must hold when the machine fails under convert (issue 22 found all
# of it holding; these keep it so):
#   - a full disk: exit 1 with the system's reason, no partial output and
#     no temporary file left, an older output of the same name untouched;
#     in a tmpfs of 24 KiB when the test may mount one (root), and always
#     through standard output redirected to /dev/full;
#   - a folder that cannot be written (a read-only tmpfs as root, mode 555
#     otherwise): exit 1, nothing created;
#   - convert killed with SIGKILL while it writes a PDF: the older output
#     of the same name is still whole;
#   - no fonts at all (fontconfig pointed at an empty configuration): the
#     PDF is refused with a message, nothing written;
#   - broken plugins in the plugin path (garbage, empty, a folder, an
#     unresolved symbol): each skipped with a warning naming it, and every
#     good format still converts.
. "$(dirname "$0")/lib.sh"

F="$SAMPLES/features.en.xml"
formats=$("$CONVERT" --list-formats --names 2>/dev/null)
[ -n "$formats" ] || fail "convert lists its formats"
ext() { "$CONVERT" --help-format "$1" | sed -n 's/^  output: \.\([a-z]*\).*/\1/p'; }

mounts=""
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
# mount_tmpfs DIR OPTIONS: a small tmpfs at DIR, when this test may mount.
mount_tmpfs() {
	mkdir -p "$1"
	[ "$(id -u)" = 0 ] && mount -t tmpfs -o "$2" cvtest "$1" 2> /dev/null && mounts="$mounts $1"
}

# --- disk full -------------------------------------------------------------------------
D="$WORK/full"
if mount_tmpfs "$D" size=24k,mode=0755; then
	# Four small older outputs take four of the six pages; every format
	# writes more than the two pages left.
	for fmt in $formats; do printf 'old %s\n' "$fmt" > "$D/features.en.$(ext "$fmt")"; done
	for fmt in $formats; do
		"$CONVERT" --to "$fmt" -o "$D/" "$F" > "$WORK/full.out" 2> "$WORK/full.err"
		st=$?
		why=""
		[ $st = 1 ] || why="$why status $st;"
		grep -q "^convert: .*No space left on device" "$WORK/full.err" || why="$why no 'No space left' message ($(head -c 200 "$WORK/full.err"));"
		[ "$(ls -A "$D" | wc -l)" = "$(echo $formats | wc -w)" ] || why="$why files left: $(ls -A "$D" | tr '\n' ' ');"
		[ "$(cat "$D/features.en.$(ext "$fmt")")" = "old $fmt" ] || why="$why the older output changed;"
		if [ -z "$why" ]; then pass "disk full, $fmt: exit 1, the reason given, nothing left, the older output kept"; else fail "disk full, $fmt" "$why"; fi
	done
else
	echo "  (cannot mount a tmpfs here: the full-disk case runs through /dev/full only)"
fi
for fmt in $formats; do
	"$CONVERT" --to "$fmt" -o - "$F" > /dev/full 2> "$WORK/devfull.err"
	st=$?
	if [ $st = 1 ] && grep -q "No space left on device" "$WORK/devfull.err"; then
		pass "standard output on a full device, $fmt: exit 1 with the reason"
	else
		fail "standard output on a full device, $fmt" "status $st: $(head -c 200 "$WORK/devfull.err")"
	fi
done

# --- a folder that cannot be written ---------------------------------------------------
U="$WORK/unwritable"
if mount_tmpfs "$U" ro,size=16k; then
	reason="Read-only file system"
elif [ "$(id -u)" != 0 ]; then
	mkdir -p "$U" && chmod 555 "$U"
	reason="Permission denied"
else
	reason=""
	fail "an unwritable folder can be made" "root, and no tmpfs can be mounted: no way to refuse writes"
fi
if [ -n "$reason" ]; then
	for fmt in $formats; do
		"$CONVERT" --to "$fmt" -o "$U/" "$F" 2> "$WORK/ro.err"
		st=$?
		if [ $st = 1 ] && grep -q "^convert: .*$reason" "$WORK/ro.err" && [ -z "$(ls -A "$U")" ]; then
			pass "unwritable folder, $fmt: exit 1 ($reason), nothing created"
		else
			fail "unwritable folder, $fmt" "status $st, files: $(ls -A "$U" | tr '\n' ' '): $(head -c 200 "$WORK/ro.err")"
		fi
	done
	chmod 755 "$U" 2> /dev/null
fi

# --- killed while writing ----------------------------------------------------------------
# The big article's PDF is written for seconds; the kill comes once its
# temporary file holds bytes. That file has no name where the file system
# takes O_TMPFILE (output.c), so it is found among the process's open files
# (/proc/PID/fd), and by its name where it has one.
temp_with_bytes() {
	for fd in /proc/$1/fd/*; do
		t=$(readlink "$fd" 2> /dev/null) || continue
		case $t in
		"$K"/large.xml | "$K"/large.pdf) ;;
		"$K"/*) [ "$(stat -L -c %s "$fd" 2> /dev/null || echo 0)" -gt 0 ] && { echo "$t"; return; } ;;
		esac
	done
	find "$K" -name '.large.pdf.*' -size +0 2> /dev/null | head -1
}
K="$WORK/kill"
mkdir -p "$K"
python3 "$TOP/bench/gen-large" > "$K/large.xml"
printf 'the older output\n' > "$K/large.pdf"
"$CONVERT" --to pdf -o "$K/large.pdf" "$K/large.xml" 2> /dev/null &
pid=$!
seen=""
for _ in $(seq 1 1200); do
	seen=$(temp_with_bytes $pid)
	[ -n "$seen" ] && break
	kill -0 $pid 2> /dev/null || break
	sleep 0.05
done
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
if [ -z "$seen" ]; then
	fail "killed while writing" "the conversion ended before its output held any bytes"
else
	same "killed with SIGKILL while writing a PDF: the older output is whole" "$(cat "$K/large.pdf")" "the older output"
fi

# --- no fonts ---------------------------------------------------------------------------
mkdir -p "$WORK/fc-cache" "$WORK/nofonts"
cat > "$WORK/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>$WORK/fc-cache</cachedir></fontconfig>
EOF
FONTCONFIG_FILE="$WORK/fonts.conf" "$CONVERT" --to pdf -o "$WORK/nofonts/" "$F" 2> "$WORK/nofonts.err"
st=$?
if [ $st = 1 ] && grep -q "^convert: .*no glyph in any installed font" "$WORK/nofonts.err" && [ -z "$(ls -A "$WORK/nofonts")" ]; then
	pass "no fonts: the PDF is refused with a message, nothing written"
else
	fail "no fonts" "status $st, files: $(ls -A "$WORK/nofonts" | tr '\n' ' '): $(head -c 200 "$WORK/nofonts.err")"
fi

# --- broken plugins ----------------------------------------------------------------------
P="$WORK/plugins"
mkdir -p "$P/folder.so"
head -c 4096 /dev/urandom > "$P/garbage.so"
: > "$P/empty.so"
printf 'int cv_no_such_function(void);\nint broken(void) { return cv_no_such_function(); }\n' > "$WORK/unresolved.c"
if cc -shared -fPIC -o "$P/unresolved.so" "$WORK/unresolved.c" 2> "$WORK/cc.err"; then
	CONVERT_PLUGIN_PATH="$P" "$CONVERT" --list-formats --names > "$WORK/names" 2> "$WORK/plugins.err"
	st=$?
	missing=""
	for n in garbage empty folder unresolved; do
		grep -q "^convert: warning: $P/$n.so: .*skipped" "$WORK/plugins.err" || missing="$missing $n"
	done
	if [ $st = 0 ] && [ -z "$missing" ] && [ "$(cat "$WORK/names")" = "$formats" ]; then
		pass "broken plugins are skipped, each with a warning naming it"
	else
		fail "broken plugins are skipped, each with a warning naming it" "status $st, no warning for:$missing: $(head -c 300 "$WORK/plugins.err")"
	fi
	CONVERT_PLUGIN_PATH="$P" "$CONVERT" --to "$(echo $formats | tr ' ' ,)" -o "$WORK/beside/" "$F" 2> /dev/null
	st=$?
	if [ $st = 0 ] && [ "$(ls "$WORK/beside" | wc -l)" = "$(echo $formats | wc -w)" ]; then
		pass "with broken plugins beside them, every format still converts"
	else
		fail "with broken plugins beside them, every format still converts" "status $st: $(ls "$WORK/beside" 2>&1 | tr '\n' ' ')"
	fi
else
	fail "a plugin with an unresolved symbol can be built" "$(head -c 200 "$WORK/cc.err")"
fi

finish

#!/bin/sh
# Bad inputs must be rejected cleanly, for every output format:
#   exit status exactly 1 (never a crash, never a hang), a "convert: FILE"
#   message naming the input (with :LINE:COL: for parse and validation
#   errors) and no other line on stderr, nothing left in the output folder,
#   and no byte of the secret file outside the article folder in the
#   output, stdout or stderr.
# Plus a good control case that must convert, so that a converter that
# rejects everything cannot pass. The cases live in tests/bad/*/ (see
# tests/bad/README.md); some files are made here because they need this
# run's scratch paths (symlinks, FIFOs, truncated or huge images).
. "$(dirname "$0")/lib.sh"

BAD="$TOP/tests/bad"
MARKER="CV-SECRET-$$-b7e1c04d"
TIMEOUT=${CV_TIMEOUT:-30}

# --- the scratch area --------------------------------------------------------
# $WORK/secret.txt, $WORK/secret.dtd and $WORK/cases/secret.png are outside
# every article folder ($WORK/cases/NAME/).
printf '%s\n' "$MARKER" > "$WORK/secret.txt"
printf '<!ENTITY leak SYSTEM "file://%s/secret.txt">\n' "$WORK" > "$WORK/secret.dtd"
mkdir -p "$WORK/cases"
python3 "$BAD/fixtures.py" secret-png "$WORK/cases/secret.png" "$MARKER"

# A local listener: any connection to it means convert tried the network.
listener=""
: > "$WORK/net.log"
python3 "$BAD/fixtures.py" listen "$WORK/port" "$WORK/net.log" &
listener=$!
trap 'kill "$listener" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$WORK/port" ] && break; sleep 0.2; done
PORT=$(cat "$WORK/port" 2>/dev/null || echo 9)

# Copy every case folder, filling in the scratch paths.
for dir in "$BAD"/*/; do
	name=$(basename "$dir")
	[ "$name" = schema ] && continue
	cp -R "$dir" "$WORK/cases/$name"
	for f in "$WORK/cases/$name/article.xml" "$WORK/cases/$name"/images/*.svg; do
		[ -f "$f" ] && sed -i "s|@WORK@|$WORK|g; s|@PORT@|$PORT|g" "$f"
	done
done

# Generated inputs.
C="$WORK/cases"
mkdir -p "$C/good/images" "$C/png-truncated/images" "$C/jpeg-truncated/images" \
	"$C/png-huge/images" "$C/image-symlink/images" "$C/image-fifo/images" "$C/gzipped" \
	"$C/image-directory/images"
cp "$SAMPLES/images/type-case.png" "$C/good/images/ok.png"
head -c 800 "$SAMPLES/images/type-case.png" > "$C/png-truncated/images/truncated.png"
head -c 3000 "$SAMPLES/images/press.jpg" > "$C/jpeg-truncated/images/truncated.jpg"
python3 "$BAD/fixtures.py" huge-png "$C/png-huge/images/huge.png"
mkdir -p "$C/png-no-iend/images" "$C/jpeg-no-eoi/images" "$C/jpeg-huge/images"
png=$SAMPLES/images/type-case.png jpg=$SAMPLES/images/press.jpg
head -c $(($(wc -c < "$png") - 12)) "$png" > "$C/png-no-iend/images/no-iend.png"
head -c $(($(wc -c < "$jpg") - 2)) "$jpg" > "$C/jpeg-no-eoi/images/no-eoi.jpg"
python3 "$BAD/fixtures.py" jpeg-size "$jpg" "$C/jpeg-huge/images/huge.jpg" 20000 20000
ln -s ../../secret.png "$C/image-symlink/images/link.png"
mkfifo "$C/image-fifo/images/pipe.png"
gzip -n -c "$C/good/article.xml" > "$C/gzipped/article.xml"
cp "$C/good/images/ok.png" "$C/gzipped/ok.png"

# Nothing may be written beside the inputs or in the current folder either.
mkdir -p "$WORK/cwd"
cd "$WORK/cwd" || exit 1
sleep 1
touch "$WORK/stamp"

# Cases whose message must carry a position (parse or validation errors).
POSITIONED="xxe-general xxe-parameter xxe-parameter-direct entity-http entity-internal
dtd-http dtd-devzero dtd-file billion-laughs not-well-formed invalid-utf8
declared-encoding nul-after-lt utf16-bom wrong-root wrong-version missing-lang unknown-element duplicate-id dangling-ref
gzipped empty garbage deep-nesting xinclude ref-to-paragraph"
POSITIONED=$(echo $POSITIONED)

# Hostile but not invalid: convert may accept these (status 0); if it
# rejects them it must do so cleanly. Either way nothing is fetched or leaked.
LENIENT="pi-catalog"

# Cases whose image file exists (their rejection must say why, not "missing").
EXISTING="png-truncated jpeg-truncated png-huge png-no-iend jpeg-no-eoi jpeg-huge image-symlink image-fifo
image-directory image-not-image svg-external svg-sibling svg-remote-image svg-use-remote svg-css-import
svg-css-url svg-stylesheet-pi svg-foreign-img svg-script svg-data-svg"
EXISTING=$(echo $EXISTING)

# --- formats -----------------------------------------------------------------
formats=$("$CONVERT" --list-formats --names 2>/dev/null) || formats=""
[ -n "$formats" ] || formats=docbook
echo "  formats: $(echo $formats)"

lenient() { case " $LENIENT " in *" $1 "*) return 0;; esac; return 1; }

# leaks DIR: true when the secret marker is in DIR (also inside zip members
# and PDF text or decompressed streams), in stdout or in stderr.
leaks() {
	grep -rqF "$MARKER" "$1" "$WORK/stdout" "$WORK/stderr" && return 0
	for z in $(find "$1" -type f); do
		case $(head -c 4 "$z") in
		PK*) unzip -p "$z" 2>/dev/null | grep -qaF "$MARKER" && return 0 ;;
		%PDF) { pdftotext "$z" - 2>/dev/null; qpdf --qdf --object-streams=disable "$z" - 2>/dev/null; } |
			grep -qaF "$MARKER" && return 0 ;;
		esac
	done
	return 1
}

# run_case NAME FORMAT: converts one case, prints what went wrong (nothing
# when the case behaved).
run_case() {
	name=$1 fmt=$2 input="$C/$1/article.xml"
	out="$WORK/out/$name-$fmt"
	rm -rf "$out"; mkdir -p "$out"
	timeout -s KILL "$TIMEOUT" "$CONVERT" --to "$fmt" -o "$out/" "$input" \
		> "$WORK/stdout" 2> "$WORK/stderr"
	st=$?
	problems=""
	if [ "$st" = 0 ] && lenient "$name"; then
		leaks "$out" && printf 'the secret leaked'
		return
	fi
	if [ "$st" -ge 124 ]; then
		problems="$problems; status $st (crash, kill or timeout)"
	elif [ "$st" != 1 ]; then
		problems="$problems; status $st, not 1"
	fi
	# the input path as a basic regular expression (grep -F cannot anchor)
	pat=$(printf '%s' "$input" | sed 's/[].[^$*\/]/\\&/g')
	if ! grep -q "^convert: $pat" "$WORK/stderr"; then
		problems="$problems; no line starting 'convert: $input' on stderr"
	elif case " $POSITIONED " in *" $name "*) true;; *) false;; esac; then
		grep -q "^convert: $pat:[0-9][0-9]*:[0-9][0-9]*: " "$WORK/stderr" ||
			problems="$problems; no ':LINE:COL:' after the path"
	fi
	# Every line is ours: a library's bare message (libxml2's "encoding
	# error", Fontconfig...) names no file and no position.
	stray=$(grep -v '^convert: ' "$WORK/stderr" | head -1)
	[ -z "$stray" ] || problems="$problems; a line on stderr not from convert: $stray"
	# These files exist: a "does not exist" means the case was rejected for
	# the wrong reason (a path bug), and the check it targets went untested.
	case " $EXISTING " in *" $name "*)
		grep -qi "not exist\|no such file" "$WORK/stderr" &&
			problems="$problems; rejected as missing, but the file exists"
	esac
	if [ -n "$(ls -A "$out")" ]; then
		problems="$problems; output folder not empty: $(ls -A "$out" | tr '\n' ' ')"
	fi
	if leaks "$out"; then
		problems="$problems; the secret leaked"
	fi
	[ -z "${CV_SHOW:-}" ] || head -c 300 "$WORK/stderr" >&2
	[ -z "$problems" ] || printf '%s' "${problems#; }  [stderr: $(head -c 300 "$WORK/stderr" | tr '\n' ' ')]"
}

# --- the control case ----------------------------------------------------------
for fmt in $formats; do
	out="$WORK/out/good-$fmt"; mkdir -p "$out"
	if timeout -s KILL "$TIMEOUT" "$CONVERT" --to "$fmt" -o "$out/" "$C/good/article.xml" \
		> "$WORK/stdout" 2> "$WORK/stderr" && [ -n "$(ls -A "$out")" ]; then
		pass "good/$fmt converts"
	else
		fail "good/$fmt converts" "$(head -c 300 "$WORK/stderr")"
	fi
done
if timeout "$TIMEOUT" "$CONVERT" --validate "$C/good/article.xml" > /dev/null 2>&1; then
	pass "good --validate"
else
	fail "good --validate"
fi

# --- the bad cases -------------------------------------------------------------
for dir in "$C"/*/; do
	name=$(basename "$dir")
	[ "$name" = good ] && continue
	for fmt in $formats; do
		why=$(run_case "$name" "$fmt")
		if [ -z "$why" ]; then pass "bad/$name/$fmt"; else fail "bad/$name/$fmt" "$why"; fi
	done
	timeout -s KILL "$TIMEOUT" "$CONVERT" --validate "$C/$name/article.xml" > "$WORK/stdout" 2> "$WORK/stderr"
	st=$?
	if { [ "$st" = 1 ] || { [ "$st" = 0 ] && lenient "$name"; }; } && ! grep -qF "$MARKER" "$WORK/stdout" "$WORK/stderr"; then
		pass "bad/$name --validate"
	else
		fail "bad/$name --validate" "status $st: $(head -c 200 "$WORK/stderr")"
	fi
done

# No file appeared or changed in the case folders or the current folder.
touched=$(find "$C" "$WORK/cwd" -newer "$WORK/stamp" ! -type d 2>/dev/null | sed "s|$WORK/||")
if [ -z "$touched" ]; then pass "nothing written beside the inputs"; else fail "nothing written beside the inputs" "$touched"; fi

# The local listener saw no connection: nothing was fetched over the network.
if [ -s "$WORK/port" ] && [ ! -s "$WORK/net.log" ]; then
	pass "no network access"
else
	fail "no network access" "$(cat "$WORK/net.log" 2>/dev/null)"
fi

finish

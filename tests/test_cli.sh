#!/bin/bash
# The convert command end to end: output naming, standard output, many
# inputs and formats, that a failing conversion leaves nothing, that a
# device, FIFO or link named by -o is written and never replaced, closed
# standard descriptors, file names that hold control characters, and the
# finishing touches of the command line (-V, -h, any-case formats, "did
# you mean").
. "$(dirname "$0")/lib.sh"

export CONVERT_PLUGIN_PATH="$TOP/$BUILD/tests/plugins"
cp "$SAMPLES/qatar-cybercrime-convention.ar.xml" "$WORK/qatar.xml"
cp "$SAMPLES/features.en.xml" "$WORK/features.xml"
cp -r "$SAMPLES/images" "$WORK/images"

(cd "$WORK" && mkdir run1 && cd run1 && "$CONVERT" --to good ../qatar.xml) 
check "default output is the input's name with the format's extension, in the current folder" \
	test -f "$WORK/run1/qatar.good"
check "the plugin sees the article's direction" grep -q '^hello rtl$' "$WORK/run1/qatar.good"

out=$("$CONVERT" --to good --param greeting=salaam -o - "$WORK/qatar.xml")
check "-o - writes to standard output, with --param passed through" test "$out" = "salaam rtl"

"$CONVERT" --to good,docbook -o "$WORK/many/" "$WORK/qatar.xml" "$WORK/features.xml"
check "-o DIR/ takes many inputs and formats" \
	test -f "$WORK/many/qatar.good" -a -f "$WORK/many/features.good" -a -f "$WORK/many/qatar.dbk" -a -f "$WORK/many/features.dbk"
check "the English article is left-to-right" grep -q 'ltr' "$WORK/many/features.good"

mkdir "$WORK/fail"
"$CONVERT" --to good --param greeting=fail -o "$WORK/fail/x.good" "$WORK/qatar.xml" 2> "$WORK/fail.err"
status=$?
check "a failing plugin gives exit status 1" test $status = 1
check "a failing plugin leaves no file behind" test -z "$(ls -A "$WORK/fail")"
check "the failure names the article, the format and the plugin's reason" grep -q "qatar.xml: good: asked to fail" "$WORK/fail.err"

"$CONVERT" --to good -o "$WORK/qatar.xml" "$WORK/qatar.xml" 2> "$WORK/same.err"
check "the input is never overwritten" grep -q 'output is the input' "$WORK/same.err"
check "the input is intact" cmp -s "$WORK/qatar.xml" "$SAMPLES/qatar-cybercrime-convention.ar.xml"

printf '<article version="1.0" xml:lang="en"><meta><title>x</title></meta><body><p>ok</p></body></article>' > "$WORK/good.xml"
printf '<article version="1.0" xml:lang="en"><meta></meta><body/></article>' > "$WORK/bad.xml"
"$CONVERT" --to good -o "$WORK/mixed/" "$WORK/bad.xml" "$WORK/good.xml" 2> "$WORK/mixed.err"
status=$?
check "one bad input among good ones: exit 1, the good one still converts" \
	test $status = 1 -a -f "$WORK/mixed/good.good" -a ! -e "$WORK/mixed/bad.good"
check "the bad one is named with line and column" grep -q "bad.xml:1:[0-9]*: " "$WORK/mixed.err"

"$CONVERT" --list-formats > "$WORK/list"
check "--list-formats shows each plugin with its description and file" \
	grep -q "$TOP/$BUILD/tests/plugins/good.so" "$WORK/list"
check "--list-formats warns about, and skips, broken plugins" \
	sh -c "'$CONVERT' --list-formats 2>&1 >/dev/null | grep -q 'wrongabi.so: plugin ABI 2.0'"
(cd "$TOP/$BUILD/tests/plugins" && CONVERT_PLUGIN_PATH=. "$CONVERT" --list-formats --names > "$WORK/names" 2>/dev/null)
check "the current folder is never searched for plugins" sh -c "! grep -q '^good$' '$WORK/names'"
# --- -o naming a FIFO, a device or a link to standard output -----------------
mkfifo "$WORK/fifo"
timeout 30 cat "$WORK/fifo" > "$WORK/fifo.got" &
reader=$!
"$CONVERT" --to good -o "$WORK/fifo" "$WORK/qatar.xml"
status=$?
wait $reader
check "-o FIFO: written as a stream" test $status = 0 -a "$(cat "$WORK/fifo.got")" = "hello rtl"
check "-o FIFO: the FIFO is still a FIFO" test -p "$WORK/fifo"
ln -s /proc/self/fd/1 "$WORK/stdout-link"
got=$("$CONVERT" --to good -o "$WORK/stdout-link" "$WORK/qatar.xml" | cat)
check "-o a link to /proc/self/fd/1: the bytes go to standard output" test "$got" = "hello rtl"
check "-o a link to /proc/self/fd/1: the link is kept" test -L "$WORK/stdout-link"
if mknod "$WORK/null" c 1 3 2>/dev/null; then
	"$CONVERT" --to good -o "$WORK/null" "$WORK/qatar.xml"
	check "-o a character device (a null device made here): still a device" test -c "$WORK/null"
else
	fail "-o a character device: mknod needs root"
fi
mkdir "$WORK/outdir"
"$CONVERT" --to good -o "$WORK/outdir" "$WORK/qatar.xml" 2>/dev/null
check "-o an existing folder without a slash: the output goes inside" test -f "$WORK/outdir/qatar.good"

# --- -o - leaves nothing in TMPDIR, even when the reader goes away ----------
mkdir "$WORK/tmp"
TMPDIR="$WORK/tmp" "$CONVERT" --to pdf -o - "$SAMPLES/features.en.xml" | head -c 100 > /dev/null
check "-o - | head -c 100: nothing left in TMPDIR" test -z "$(ls -A "$WORK/tmp")"
TMPDIR="$WORK/tmp" "$CONVERT" --to good -o - "$WORK/qatar.xml" > /dev/null
check "-o -: nothing left in TMPDIR" test -z "$(ls -A "$WORK/tmp")"

# --- closed standard descriptors -------------------------------------------
"$CONVERT" --to good -o - "$WORK/qatar.xml" >&- 2> "$WORK/closed.err"
check "-o - with standard output closed: exit 1" test $? = 1
check "... saying so" grep -q 'cannot write to standard output' "$WORK/closed.err"
"$CONVERT" --list-formats >&- 2>/dev/null
check "--list-formats with standard output closed: exit 1" test $? = 1
"$CONVERT" --to good -o "$WORK/stdin-closed.good" "$WORK/qatar.xml" <&-
check "standard input closed: the conversion goes on" grep -q 'hello rtl' "$WORK/stdin-closed.good"

# --- a control character in a file name cannot forge a message line -------
forged="$WORK/x
convert: forged.xml:1:1: all is fine"
printf '<article version="1.0" xml:lang="en"><meta></meta><body/></article>' > "$forged.xml"
"$CONVERT" --to good -o "$WORK/forged/" "$forged.xml" 2> "$WORK/forged.err"
check "a newline in an input's name cannot start a message line of its own" \
	sh -c "! grep -q '^convert: forged.xml' '$WORK/forged.err'"
check "... it is shown escaped" grep -q 'x\\nconvert: forged.xml:1:1: all is fine.xml:1:' "$WORK/forged.err"

# --- schema errors in plain words ----------------------------------------------
printf '<article version="1.0" xml:lang="en"><meta><title>x</title><date>7 March 2024</date></meta><body><p dir="up">ok</p></body></article>' > "$WORK/date.xml"
"$CONVERT" --validate "$WORK/date.xml" 2> "$WORK/date.err"
check "a bad date says the form it wants" \
	grep -q 'date.xml:1:[0-9]*: <date> must be a date written YYYY-MM-DD, for example 2024-03-07, not "7 March 2024"' "$WORK/date.err"
check "... once, without libxml2's echo" sh -c "test \$(grep -c '<date>\\|Element date' '$WORK/date.err') = 1"
check "a bad attribute value says the values allowed" grep -q 'dir="up" on <p>: it must be ltr, rtl or auto' "$WORK/date.err"
printf '<article version="1.0" xml:lang="en"><meta></meta><body>loose<p>ok</p></body></article>' > "$WORK/notitle.xml"
"$CONVERT" --validate "$WORK/notitle.xml" 2> "$WORK/notitle.err"
check "a missing title is named" grep -q '<meta> lacks an element it requires: a <title>' "$WORK/notitle.err"
check "loose text in the body is explained" grep -q 'text is not allowed directly inside <body>: put it in a paragraph' "$WORK/notitle.err"

# --- the command line ----------------------------------------------------------
check "-V prints the version" sh -c "'$CONVERT' -V | grep -q '^convert [0-9]'"
check "--help lists -h and -V" sh -c "'$CONVERT' --help | grep -q -- '-h, --help' && '$CONVERT' --help | grep -q -- '-V, --version'"
check "--help names SOURCE_DATE_EPOCH" sh -c "'$CONVERT' --help | grep -q SOURCE_DATE_EPOCH"
out=$("$CONVERT" --to GOOD -o - "$WORK/qatar.xml")
check "format names are taken in any case (--to GOOD)" test "$out" = "hello rtl"
"$CONVERT" --to godo "$WORK/qatar.xml" 2> "$WORK/dym1.err"
check "an unknown format: exit 2 and did you mean" sh -c "test $? = 2 && grep -q 'did you mean good?' '$WORK/dym1.err'"
"$CONVERT" --too good "$WORK/qatar.xml" 2> "$WORK/dym2.err"
check "an unknown option: exit 2 and did you mean" sh -c "test $? = 2 && grep -q 'did you mean --to?' '$WORK/dym2.err'"
"$CONVERT" --to good --param greting=hi "$WORK/qatar.xml" 2> "$WORK/dym3.err"
check "an unknown parameter: exit 2 and did you mean" sh -c "test $? = 2 && grep -q 'did you mean greeting?' '$WORK/dym3.err'"
same "--help-format NAME --names lists the parameters' names" "$("$CONVERT" --help-format good --names)" "greeting"

# The formats of one run read the same article: none changes it for the
# next (pdf.xsl's xsl:strip-space once stripped the shared tree, so
# --to pdf,epub made another EPUB than --to epub).
mkdir -p "$WORK/together" "$WORK/alone"
SOURCE_DATE_EPOCH=1700000000 "$CONVERT" --to pdf,epub,html,docbook -o "$WORK/together/" "$SAMPLES/features.en.xml"
for f in epub html docbook; do
	SOURCE_DATE_EPOCH=1700000000 "$CONVERT" --to "$f" -o "$WORK/alone/" "$SAMPLES/features.en.xml"
done
for f in epub html dbk; do
	check "--to pdf,epub,html,docbook: the $f is the one --to $f alone makes" \
		cmp "$WORK/together/features.en.$f" "$WORK/alone/features.en.$f"
done
finish

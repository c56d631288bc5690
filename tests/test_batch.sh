#!/bin/bash
# Batch work: outputs that would share a name are refused before anything
# is written; folders are mirrored; -j 2 gives -j 1's bytes; the report is
# JSON Lines with each output's SHA-256; --update, --files-from -0,
# --fail-fast; a crashing plugin takes one article, not the batch; SIGINT
# and SIGTERM leave finished outputs, no temporary file and a usable
# report; progress only on a terminal.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

# The probe plugin (tests/batch/probe.c) can be slow, crash or be noisy.
mkdir "$WORK/plugins"
cc -shared -fPIC -I"$TOP/core/include" $(pkg-config --cflags libxml-2.0) \
	"$TOP/tests/batch/probe.c" -o "$WORK/plugins/probe.so"
export CONVERT_PLUGIN_PATH="$WORK/plugins"

# article FILE TITLE: a small valid article.
article() {
	mkdir -p "$(dirname "$1")"
	printf '<article version="1.0" xml:lang="en"><meta><title>%s</title></meta><body><p>%s</p></body></article>\n' "$2" "$2" > "$1"
}
# json_ok FILE: every line is a JSON record and each output has its SHA-256.
json_ok() { python3 "$TOP/tests/tools/report-check" "$1"; }

# --- a clash is refused, naming both, and nothing is written ------------
article "$WORK/clash/d1/x.xml" one
article "$WORK/clash/d2/x.xml" two
"$CONVERT" --to docbook,probe -o "$WORK/clash/out/" "$WORK/clash/d1/x.xml" "$WORK/clash/d2/x.xml" 2> "$WORK/clash.err"
same "two inputs that would write one output: exit 2" "$?" 2
check "the refusal names both inputs and the output" \
	grep -q "d1/x.xml and .*d2/x.xml would both be written to .*out/x.dbk" "$WORK/clash.err"
check "nothing was written, not even the output folder" test ! -e "$WORK/clash/out"
(cd "$WORK/clash" && "$CONVERT" --to probe d1/x.xml ./d2/x.xml 2> "$WORK/clash2.err")
same "the same clash in the current folder: exit 2" "$?" 2
check "... and nothing written there" test ! -e "$WORK/clash/x.probe"

# --- folders are mirrored -------------------------------------------------
"$CONVERT" --to probe -q -o "$WORK/mirror/" "$WORK/clash/d1" "$WORK/clash/d2/" 2> "$WORK/mirror.err"
same "two folders with same-named articles: a clash (both mirror to the root)" "$?" 2
"$CONVERT" --to probe -q -o "$WORK/mirror/" "$WORK/clash" 2> "$WORK/mirror.err"
same "a folder input converts" "$?" 0
check "its tree is mirrored under -o DIR/" \
	test -f "$WORK/mirror/d1/x.probe" -a -f "$WORK/mirror/d2/x.probe"
check "each mirrored output is its own article's" grep -q 'probe: two' "$WORK/mirror/d2/x.probe"
mkdir -p "$WORK/clash/.hidden" && article "$WORK/clash/.hidden/h.xml" hidden
"$CONVERT" --to probe -q -o "$WORK/mirror2/" "$WORK/clash" 2>/dev/null
check "hidden folders are left out" test ! -e "$WORK/mirror2/.hidden"

# --- -j 2 gives the bytes of -j 1 on 50 articles ----------------------------
# (generated in one Python process: fifty start-ups cost a minute on a busy machine)
mkdir "$WORK/fifty"
python3 - "$TOP/tests/tools" "$WORK/fifty" <<'EOF'
import contextlib, io, runpy, sys
tools, out = sys.argv[1], sys.argv[2]
for gen, lang in (("gen-inline-mix", "ar"), ("gen-nested-mix", "en")):
    for seed in range(1, 26):
        sys.argv = [gen, lang, str(seed)]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            runpy.run_path(f"{tools}/{gen}", run_name="__main__")
        open(f"{out}/{lang}{seed}.xml", "w", encoding="utf-8").write(buf.getvalue())
EOF
"$CONVERT" --to epub,docbook,html -j 1 -q -o "$WORK/j1/" "$WORK/fifty"
s1=$?
"$CONVERT" --to epub,docbook,html -j 2 -q --report "$WORK/j2.jsonl" -o "$WORK/j2/" "$WORK/fifty"
s2=$?
same "50 articles in three formats, -j 1 and -j 2: both exit 0" "$s1 $s2" "0 0"
same "-j 1 and -j 2 write 150 outputs each" "$(ls "$WORK/j1" | wc -l) $(ls "$WORK/j2" | wc -l)" "150 150"
check "-j 2's outputs are -j 1's, byte for byte" diff -r "$WORK/j1" "$WORK/j2"
check "every report line is JSON with the output's SHA-256 and size" json_ok "$WORK/j2.jsonl"
same "one report line per article and format" "$(wc -l < "$WORK/j2.jsonl")" 150

# --- a PDF worker keeps its fonts, not its memory ------------------------------
# It keeps Pango's font map and the carrier font (text/carriers.h) from one
# article to the next: an article's bytes must not depend on the articles
# before it, and the worker's memory must not grow with the articles it has
# converted (a carrier font made per article kept 1.3 MB each).
mkdir "$WORK/pdfalone" "$WORK/pdfkeep"
for a in ar1 en1 ar2 en2; do
	"$CONVERT" --to pdf -o "$WORK/pdfalone/$a.pdf" "$WORK/fifty/$a.xml"
done
for i in 1 2 3 4 5 6 7 8; do
	for a in ar1 en1 ar2 en2; do
		cp "$WORK/fifty/$a.xml" "$WORK/pdfkeep/$a-$i.xml"
		echo "$a-$i.xml"
	done
done > "$WORK/pdfkeep.list"
(cd "$WORK/pdfkeep" && "$CONVERT" --to pdf -j 1 -q --report "$WORK/pdfkeep.jsonl" \
	--files-from "$WORK/pdfkeep.list" -o "$WORK/pdfkeepout/")
same "four articles eight times over to PDF in one worker: exit 0" "$?" 0
differ=
for i in 1 2 3 4 5 6 7 8; do
	for a in ar1 en1 ar2 en2; do
		cmp -s "$WORK/pdfalone/$a.pdf" "$WORK/pdfkeepout/$a-$i.pdf" || differ="$differ $a-$i"
	done
done
same "each PDF of the batch is its article's PDF converted alone" "$differ" ""
# The worker's peak on the last four against the same four as the second
# (the first four load the fonts). AddressSanitizer holds freed memory
# back, so only a plain build measures it.
if ! nm -D "$CONVERT" 2>/dev/null | grep -q '__asan_init'; then
	growth=$(python3 -c 'import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
print(round(100 * sum(r["peak_kb"] for r in rs[-4:]) / sum(r["peak_kb"] for r in rs[4:8])))' "$WORK/pdfkeep.jsonl")
	atmost "a PDF worker's peak on its last 4 articles, in % of the same 4 as its 5th-8th" "$growth" 105
fi

# --- the report of a PDF gives its pages -------------------------------------
"$CONVERT" --to pdf --report "$WORK/pdf.jsonl" -o "$WORK/pdf.pdf" "$SAMPLES/features.en.xml"
pages=$(pdfinfo "$WORK/pdf.pdf" | awk '/^Pages:/ { print $2 }')
check "a PDF's report line gives its pages, as pdfinfo counts them" \
	grep -q "\"pages\":$pages," "$WORK/pdf.jsonl"
check "... and is valid JSON with the right SHA-256" json_ok "$WORK/pdf.jsonl"

# --- --update skips what is fresh ---------------------------------------------
mkdir -p "$WORK/upd/images"
cp "$SAMPLES/features.en.xml" "$WORK/upd/a.xml"
cp -r "$SAMPLES/images/." "$WORK/upd/images/"
article "$WORK/upd/b.xml" bee
"$CONVERT" --to docbook,probe -q -o "$WORK/updout/" "$WORK/upd"
sleep 0.05
"$CONVERT" --to docbook,probe -u --report "$WORK/upd1.jsonl" -o "$WORK/updout/" "$WORK/upd" 2> "$WORK/upd1.err"
same "--update on fresh outputs converts nothing" "$(grep -c '"status":"up-to-date"' "$WORK/upd1.jsonl")" 4
check "the summary says how many were up to date" grep -q '4 up to date' "$WORK/upd1.err"
touch "$WORK/upd/b.xml"
"$CONVERT" --to docbook,probe -u --report "$WORK/upd2.jsonl" -o "$WORK/updout/" "$WORK/upd" 2>/dev/null
same "a touched input is converted again, the others not" \
	"$(grep '"status":"ok"' "$WORK/upd2.jsonl" | grep -c 'b.xml')/$(grep -c '"status":"ok"' "$WORK/upd2.jsonl")" "2/2"
touch "$WORK/upd/$(grep -o 'src="[^"]*"' "$WORK/upd/a.xml" | head -1 | sed 's/src="//; s/"$//')"
"$CONVERT" --to docbook,probe -u --report "$WORK/upd3.jsonl" -o "$WORK/updout/" "$WORK/upd" 2>/dev/null
same "a touched image makes its article convert again" \
	"$(grep '"status":"ok"' "$WORK/upd3.jsonl" | grep -c 'a.xml')/$(grep -c '"status":"ok"' "$WORK/upd3.jsonl")" "2/2"
touch "$WORK/plugins/probe.so"
"$CONVERT" --to docbook,probe -u --report "$WORK/upd4.jsonl" -o "$WORK/updout/" "$WORK/upd" 2>/dev/null
same "a newer plugin makes its format convert again, and only its" \
	"$(grep '"status":"ok"' "$WORK/upd4.jsonl" | grep -c '"format":"probe"')/$(grep -c '"status":"ok"' "$WORK/upd4.jsonl")" "2/2"

# --- --files-from, NUL-separated, names with spaces and a newline -------------
article "$WORK/list/with space.xml" space
article "$WORK/list/new
line.xml" newline
article "$WORK/list/plain.xml" plain
article "$WORK/list/$(printf 'not-utf8-\377')".xml latin1
printf '%s\0%s\0%s\0%s\0' "$WORK/list/with space.xml" "$WORK/list/new
line.xml" "$WORK/list/plain.xml" "$WORK/list/$(printf 'not-utf8-\377').xml" > "$WORK/list0"
"$CONVERT" --to probe -q --files-from "$WORK/list0" -0 --report "$WORK/list0.jsonl" -o "$WORK/listout/"
same "--files-from FILE -0: exit 0" "$?" 0
check "every NUL-separated input converted" \
	test -f "$WORK/listout/with space.probe" -a -f "$WORK/listout/new
line.probe" -a -f "$WORK/listout/plain.probe"
check "names with a newline or bytes that are not UTF-8 still make valid JSON lines" \
	python3 -c 'import json, sys
names = [json.loads(l)["input"] for l in open(sys.argv[1])]
assert len(names) == 4 and any("new\nline" in n for n in names) and any("not-utf8-\ufffd" in n for n in names), names' \
	"$WORK/list0.jsonl"
printf '%s\n' "$WORK/list/plain.xml" "$WORK/list/with space.xml" | \
	"$CONVERT" --to docbook -q --files-from - -o "$WORK/listout2/"
check "--files-from - reads the list from standard input" \
	test -f "$WORK/listout2/plain.dbk" -a -f "$WORK/listout2/with space.dbk"
(cd "$WORK/clash" && printf './d1/x.xml\nd2/x.xml\n' | "$CONVERT" --to probe -q --files-from - -o "$WORK/rel/")
check "a list's relative paths are mirrored, so same-named articles do not clash" \
	test -f "$WORK/rel/d1/x.probe" -a -f "$WORK/rel/d2/x.probe"

# --- a crash takes one article; --fail-fast stops handing out -----------------
for t in a b crash d e; do article "$WORK/crash/$t.xml" "$t"; done
"$CONVERT" --to probe --param crash=yes -j 2 --report "$WORK/crash.jsonl" -o "$WORK/crashout/" "$WORK/crash" 2> "$WORK/crash.err"
same "a plugin that crashes on one article: exit 1" "$?" 1
same "the other four are converted" "$(ls "$WORK/crashout" | grep -vc '^crash')" 4
# (signal 11; under AddressSanitizer, which catches it, an exit status)
check "the crash is reported with the article and the plugin" \
	grep -q "crash.xml: the probe plugin crashed (" "$WORK/crash.err"
check "the summary counts it" grep -q '5 articles, 4 outputs, 1 failed' "$WORK/crash.err"
check "no output and no temporary file for the crashed one" test -z "$(ls -A "$WORK/crashout" | grep crash)"
check "the report has the crash as a failed record" json_ok "$WORK/crash.jsonl"
"$CONVERT" --to probe --param crash=yes -j 1 --fail-fast --report "$WORK/ff.jsonl" -o "$WORK/ffout/" "$WORK/crash" 2>/dev/null
same "--fail-fast: exit 1" "$?" 1
same "--fail-fast: nothing after the first failure is converted (a, b, crash)" "$(wc -l < "$WORK/ff.jsonl")" 3

# A worker goes on to the article it holds waiting as soon as it has
# sent its last record, so it may die before the parent hands it another:
# that must cost the article it died on, not end the run by SIGPIPE.
for i in $(seq 1 10); do
	article "$WORK/crashes/a$i.xml" "ok $i"
	article "$WORK/crashes/b$i.xml" crash
done
for j in 1 2; do
	"$CONVERT" --to probe --param crash=yes -j $j -q -o "$WORK/crashesout$j/" "$WORK/crashes" 2> /dev/null
	same "-j $j, every other article crashes: exit 1, not ended by a signal" "$?" 1
	same "-j $j, every other article crashes: the other ten are converted" "$(ls "$WORK/crashesout$j" | wc -l)" 10
done

# --- standard error closed: what a library writes there stays out of outputs ---
"$CONVERT" --to probe --param noise=yes -o "$WORK/noise.probe" "$WORK/crash/a.xml" 2>&-
same "with standard error closed, a library's message does not land in the output" \
	"$(cat "$WORK/noise.probe")" "probe: a"

# --- SIGINT midway (as ^C sends it, to the whole group) ------------------------
for i in $(seq 1 8); do article "$WORK/slow/s$i.xml" "slow $i"; done
setsid "$CONVERT" --to probe --param sleep-ms=700 -j 2 -q --report "$WORK/int.jsonl" -o "$WORK/intout/" "$WORK/slow" &
pid=$!
for _ in $(seq 1 100); do [ -s "$WORK/int.jsonl" ] && break; sleep 0.1; done
kill -INT -- -"$pid"
wait "$pid"
same "SIGINT midway: exit status 130" "$?" 130
done_n=$(grep -c '"status":"ok"' "$WORK/int.jsonl")
check "some but not all articles finished" test "$done_n" -ge 1 -a "$done_n" -lt 8
same "the finished outputs are there and nothing else, no temporary file" "$(ls -A "$WORK/intout" | wc -l)" "$done_n"
check "the report of what finished is valid, with the outputs' SHA-256" json_ok "$WORK/int.jsonl"

# --- SIGTERM to the parent alone ----------------------------------------------
"$CONVERT" --to probe --param sleep-ms=700 -j 2 -q --report "$WORK/term.jsonl" -o "$WORK/termout/" "$WORK/slow" &
pid=$!
for _ in $(seq 1 100); do [ -s "$WORK/term.jsonl" ] && break; sleep 0.1; done
kill -TERM "$pid"
wait "$pid"
same "SIGTERM to the parent: exit status 143" "$?" 143
check "its workers are gone too" sh -c "! pgrep -f '[t]ermout/' >/dev/null"
same "only finished outputs are left" "$(ls -A "$WORK/termout" | wc -l)" "$(grep -c '"status":"ok"' "$WORK/term.jsonl")"

# --- SIGKILL to the parent: its workers follow, and leave no file ------------
"$CONVERT" --to probe --param sleep-ms=700 -j 2 -q --report "$WORK/kill.jsonl" -o "$WORK/killout/" "$WORK/slow" &
pid=$!
for _ in $(seq 1 100); do [ -s "$WORK/kill.jsonl" ] && break; sleep 0.1; done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for _ in $(seq 1 50); do pgrep -f '[k]illout/' > /dev/null || break; sleep 0.1; done
check "SIGKILL to the parent: the workers end too" sh -c "! pgrep -f '[k]illout/' >/dev/null"
# (SIGKILL gives the parent no time to report an output a worker has just
# finished: there may be one more output than report lines, never a part.)
check "SIGKILL: no temporary file is left" test -z "$(ls -A "$WORK/killout" | grep '^\.')"
check "SIGKILL: every output left is whole" \
	sh -c "for f in '$WORK'/killout/*.probe; do n=\${f##*/s}; grep -qx \"probe: slow \${n%.probe}\" \"\$f\" || exit 1; done"
check "SIGKILL: every output the report names is there" python3 "$TOP/tests/tools/report-check" "$WORK/kill.jsonl"

# --- one article, SIGTERM or SIGHUP mid-conversion ------------------------------
for sig in TERM HUP; do
	mkdir "$WORK/one-$sig"
	"$CONVERT" --to probe --param sleep-ms=3000 -o "$WORK/one-$sig/s.probe" "$WORK/slow/s1.xml" &
	pid=$!
	sleep 0.5
	kill -"$sig" "$pid"
	wait "$pid"
	same "one article, SIG$sig: exit status 128 + its number" "$?" "$((128 + $(kill -l "$sig")))"
	check "one article, SIG$sig: no file left at all" test -z "$(ls -A "$WORK/one-$sig")"
done

# --- progress only on a terminal ------------------------------------------------
"$CONVERT" --to probe -o "$WORK/prog1/" "$WORK/crash" 2> "$WORK/noprog.err"
check "no progress line when standard error is not a terminal" sh -c "! grep -q 'articles, [0-9]* failed, .*/s' '$WORK/noprog.err'"
check "... but the summary line" grep -q '^5 articles, 5 outputs, 0 failed, ' "$WORK/noprog.err"
script -qec "'$CONVERT' --to probe -o '$WORK/prog2/' '$WORK/crash'" /dev/null > "$WORK/prog.tty" 2>&1
check "a progress line on a terminal (under a pty)" grep -q '5/5 articles, 0 failed, ' "$WORK/prog.tty"
script -qec "'$CONVERT' --to probe -q -o '$WORK/prog3/' '$WORK/crash'" /dev/null > "$WORK/quiet.tty" 2>&1
check "--quiet: neither progress nor summary on a terminal" test ! -s "$WORK/quiet.tty"
"$CONVERT" --to probe --progress -o "$WORK/prog4/" "$WORK/crash" 2> "$WORK/forced.err"
check "--progress forces it when not a terminal" grep -q '5/5 articles' "$WORK/forced.err"
finish

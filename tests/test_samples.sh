#!/bin/sh
# The samples are valid articles, and the schema says exactly what the
# format says: every sample validates with jing and with libxml2 against
# schema/article.rng and passes `convert --validate`; every document in
# tests/bad/schema/ breaks one rule and is rejected by all three; every
# document in tests/bad/schema/accept/ is an edge case all three accept.
. "$(dirname "$0")/lib.sh"

RNG="$TOP/schema/article.rng"

# jing prints classpath warnings on stderr even for valid files: judge by
# its status and by the absence of "error:" lines.
jing_ok() { out=$(jing "$RNG" "$1" 2>&1); st=$?; [ $st = 0 ] && ! printf '%s' "$out" | grep -q 'error:'; }
# A JVM start per file is slow: jing_batch validates many files at once and
# jing_said FILE then tells whether it reported an error for FILE (by its
# absolute path, as jing names it).
jing_batch() { jing "$RNG" "$@" > "$WORK/jing.out" 2>&1; }
jing_said() { grep -qF "$(realpath "$1"):" "$WORK/jing.out"; }
xmllint_ok() { xmllint --noout --nonet --relaxng "$RNG" "$1" > /dev/null 2>&1; }
convert_ok() { "$CONVERT" --validate "$1" > /dev/null 2>&1; }

check "schema is well-formed RelaxNG (jing)" jing "$RNG" "$SAMPLES/features.en.xml"

# --- samples -------------------------------------------------------------------
for f in "$SAMPLES"/*.xml; do
	n=$(basename "$f")
	if jing_ok "$f"; then pass "jing: $n"; else fail "jing: $n" "$(jing "$RNG" "$f" 2>&1 | grep error: | head -3)"; fi
	if xmllint_ok "$f"; then pass "xmllint: $n"; else fail "xmllint: $n"; fi
	if convert_ok "$f"; then pass "convert --validate: $n"; else fail "convert --validate: $n" "$("$CONVERT" --validate "$f" 2>&1 | head -3)"; fi
done

# The two feature samples use every element; features.en.xml every attribute.
ELEMENTS="article meta title subtitle author date publisher source identifier
keyword rights abstract body section p list item quote attribution figure
image caption table row cell pre em strong code sub sup a ref note span br"
for s in features.en.xml mixed-content.ar.xml; do
	missing=""
	for e in $ELEMENTS; do
		[ "$(xmllint --xpath "count(//$e)" "$SAMPLES/$s")" -gt 0 ] || missing="$missing $e"
	done
	if [ -z "$missing" ]; then pass "$s uses every element"; else fail "$s uses every element" "missing:$missing"; fi
done
missing=""
for a in article/@version article/@xml:lang section/@id p/@id figure/@id table/@id \
	list/@id quote/@id pre/@id note/@id list/@type list/@start author/@role \
	source/@href identifier/@scheme image/@src image/@alt image/@width row/@role \
	cell/@colspan cell/@rowspan cell/@align a/@href ref/@target span/@xml:lang \
	span/@dir p/@dir; do
	[ "$(xmllint --xpath "count(//$a)" "$SAMPLES/features.en.xml")" -gt 0 ] || missing="$missing $a"
done
if [ -z "$missing" ]; then pass "features.en.xml uses every attribute"; else fail "features.en.xml uses every attribute" "missing:$missing"; fi
# ... with every scheme and every width unit
for v in uuid doi isbn issn url other; do
	grep -q "scheme=\"$v\"" "$SAMPLES/features.en.xml" || missing="$missing scheme=$v"
done
for u in '%' mm in px; do
	grep -q "width=\"[0-9.]*$u\"" "$SAMPLES/features.en.xml" || missing="$missing width-$u"
done
if [ -z "$missing" ]; then pass "features.en.xml uses every scheme and unit"; else fail "features.en.xml uses every scheme and unit" "missing:$missing"; fi

# ... and cross-references every kind of ref target.
missing=""
for t in section figure table list quote pre note; do
	[ "$(xmllint --xpath "count(//ref[@target = //$t/@id])" "$SAMPLES/features.en.xml")" -gt 0 ] || missing="$missing $t"
done
if [ -z "$missing" ]; then pass "features.en.xml refers to every target kind"; else fail "features.en.xml refers to every target kind" "missing:$missing"; fi
# ... and its pre has a line longer than 100 characters.
if xmllint --xpath '//pre/text()' "$SAMPLES/features.en.xml" | awk 'length > 100 { found = 1 } END { exit !found }'; then
	pass "features.en.xml has a long pre line"; else fail "features.en.xml has a long pre line"; fi

# The seed article keeps its source text byte for byte: title, lead and the
# eight heading/paragraph pairs, in order, are the source's non-empty lines.
seed="$SAMPLES/qatar-cybercrime-convention.ar.txt"
xml="$SAMPLES/qatar-cybercrime-convention.ar.xml"
xmllint --xpath '/article/meta/title/text() | /article/body/p/text() | /article/body/section/title/text() | /article/body/section/p/text()' "$xml" > "$WORK/seed-got"
grep -v "^$" "$seed" > "$WORK/seed-want"
if cmp -s "$WORK/seed-got" "$WORK/seed-want"; then pass "seed text kept byte for byte"; else fail "seed text kept byte for byte" "$(diff "$WORK/seed-got" "$WORK/seed-want" | head -4)"; fi
if [ "$(xmllint --xpath 'count(/article/body/section[title][p])' "$xml")" = 8 ]; then
	pass "seed has eight sections"; else fail "seed has eight sections"; fi

# --- documents the schema must reject --------------------------------------------
# One rule broken per file: every validator must say no. convert must also
# exit exactly 1 with a positioned message.
jing_batch "$TOP"/tests/bad/schema/*.xml
for f in "$TOP"/tests/bad/schema/*.xml; do
	n=$(basename "$f" .xml)
	why=""
	jing_said "$f" || why="$why jing accepts;"
	xmllint_ok "$f" && why="$why xmllint accepts;"
	"$CONVERT" --validate "$f" > /dev/null 2> "$WORK/err"; st=$?
	[ $st = 1 ] || why="$why convert status $st;"
	grep -q "^convert: .*:[0-9][0-9]*:[0-9][0-9]*: " "$WORK/err" || why="$why no file:line:col message;"
	if [ -z "$why" ]; then pass "rejects $n"; else fail "rejects $n" "$why"; fi
done
# Converting says exactly what --validate says, to every format at once:
# the two share one loader, and nothing is written.
formats=$("$CONVERT" --list-formats --names | paste -sd, -)
disagree=""
for f in "$TOP"/tests/bad/schema/*.xml; do
	rm -rf "$WORK/agree"; mkdir "$WORK/agree"
	"$CONVERT" --validate "$f" > /dev/null 2> "$WORK/validate.err"
	"$CONVERT" --to "$formats" -o "$WORK/agree/" "$f" > /dev/null 2> "$WORK/convert.err"; st=$?
	{ [ $st = 1 ] && cmp -s "$WORK/validate.err" "$WORK/convert.err" && [ -z "$(ls -A "$WORK/agree")" ]; } ||
		disagree="$disagree $(basename "$f")"
done
if [ -z "$disagree" ]; then pass "converting to $formats reports what --validate reports"; else fail "converting to $formats reports what --validate reports" "$disagree"; fi
# An out-of-range number is named with its value and the range allowed
# (the schema's a:documentation), not only as an "invalid attribute".
for c in "cell-rowspan-overflow|rowspan=\"2147483647\" on <cell>: it must be a whole number from 1 to 65534" \
	"cell-rowspan-65535|rowspan=\"65535\" on <cell>: it must be a whole number from 1 to 65534" \
	"cell-colspan-1001|colspan=\"1001\" on <cell>: it must be a whole number from 1 to 1000" \
	"cell-colspan-zero|colspan=\"0\" on <cell>: it must be a whole number from 1 to 1000" \
	"list-start-overflow|start=\"2147483647\" on <list>: it must be a whole number from -999999999 to 999999999" \
	"list-start-ten-digits|start=\"-1000000000\" on <list>: it must be a whole number from -999999999 to 999999999"; do
	n=${c%%|*} want=${c#*|}
	got=$("$CONVERT" --validate "$TOP/tests/bad/schema/$n.xml" 2>&1)
	if printf '%s\n' "$got" | grep -qF ": $want" && printf '%s\n' "$got" | grep -q "^convert: .*$n.xml:[0-9]*:[0-9]*: [a-z]*=\""; then
		pass "$n: the message gives the value and the range"
	else
		fail "$n: the message gives the value and the range" "got '$got'"
	fi
done

# The vocabulary cases of the bad-input suite are schema errors too.
jing_batch "$TOP"/tests/bad/wrong-root/article.xml "$TOP"/tests/bad/wrong-version/article.xml \
	"$TOP"/tests/bad/missing-lang/article.xml "$TOP"/tests/bad/unknown-element/article.xml
for n in wrong-root wrong-version missing-lang unknown-element; do
	if jing_said "$TOP/tests/bad/$n/article.xml"; then pass "jing rejects bad/$n"; else fail "jing rejects bad/$n"; fi
done

# --- edge cases the schema must accept ---------------------------------------------
mkdir -p "$WORK/accept/a b"
cp "$TOP"/tests/bad/schema/accept/*.xml "$WORK/accept/"
cp "$SAMPLES/images/type-case.png" "$WORK/accept/a.png"
cp "$SAMPLES/images/type-case.png" "$WORK/accept/a b/é.png"
cp "$SAMPLES/images/timeline.svg" "$WORK/accept/x.svg"
cp "$SAMPLES/images/press.jpg" "$WORK/accept/y.jpg"
jing_batch "$WORK"/accept/*.xml
if grep -q 'error:' "$WORK/jing.out"; then pass_all_jing=no; else pass_all_jing=yes; fi
for f in "$WORK"/accept/*.xml; do
	n=$(basename "$f" .xml)
	why=""
	{ [ $pass_all_jing = yes ] && ! jing_said "$f"; } || why="$why jing rejects;"
	xmllint_ok "$f" || why="$why xmllint rejects;"
	convert_ok "$f" || why="$why convert rejects: $("$CONVERT" --validate "$f" 2>&1 | head -2);"
	if [ -z "$why" ]; then pass "accepts $n"; else fail "accepts $n" "$why"; fi
done

finish

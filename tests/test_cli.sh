#!/bin/bash
# The convert command end to end: output naming, standard output, many
# inputs and formats, and that a failing conversion leaves nothing.
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
finish

#!/bin/bash
# Memory errors and leaks outside the sanitizers' view: one small
# conversion per format under valgrind's memcheck (the sanitizer stage
# does not see uninitialised reads, and instruments only our code):
# 0 errors, and no block definitely lost. tests/valgrind.supp lists what
# libraries lose by themselves (fontconfig parsing its configuration),
# matched only when no frame of convert's own code is involved. The
# article is small (Arabic and English, a note, a list, a figure, a
# table, references) because valgrind runs it about fifty times slower.
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind > /dev/null 2>&1; then
	fail "valgrind is installed" "apt-get install valgrind"
	finish
fi
if nm -D "$CONVERT" 2>/dev/null | grep -q '__asan_init'; then
	fail "valgrind runs on a plain build" "$CONVERT is built with sanitizers; run with BUILD=build"
	finish
fi

A="$WORK/article"
mkdir -p "$A"
cp "$SAMPLES/images/type-case.png" "$A/"
cat > "$A/small.xml" <<'EOS'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="ar">
  <meta><title>مقالة صغيرة</title><author>كاتب</author></meta>
  <body>
    <p>نص عربي<note id="n1">حاشية.</note> مع <span xml:lang="en">English</span> و<ref target="n1"/>.</p>
    <section id="s1"><title>قسم</title>
      <list type="number"><item>أول</item><item>ثان</item></list>
      <figure id="f1"><image src="type-case.png" alt="صورة"/><caption>شكل</caption></figure>
      <table><row role="header"><cell>أ</cell><cell>ب</cell></row><row><cell colspan="2">ج <ref target="f1"/></cell></row></table>
    </section>
  </body>
</article>
EOS

for fmt in $("$CONVERT" --list-formats --names); do
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --suppressions="$TOP/tests/valgrind.supp" \
		"$CONVERT" --to "$fmt" -o "$WORK/out/" "$A/small.xml" > "$WORK/vg.log" 2>&1
	st=$?
	if [ $st = 0 ] && [ -n "$(ls -A "$WORK/out" 2>/dev/null)" ]; then
		pass "$fmt under valgrind: no error, nothing definitely lost"
	else
		fail "$fmt under valgrind" "status $st: $(grep -E '==[0-9]+== (Invalid|Conditional|Use of|[0-9,]+ .*definitely lost)|by 0x|at 0x' "$WORK/vg.log" | head -12)"
	fi
	rm -rf "$WORK/out"
done

finish

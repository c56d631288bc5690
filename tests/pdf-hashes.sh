#!/bin/sh
# tests/pdf-hashes.sh [--update]: are the PDFs convert writes the same, byte
# for byte, as the ones recorded in tests/pdf-hashes.txt?
#
# Converts, under a fixed SOURCE_DATE_EPOCH: the samples (also with a table
# of contents, at A5, with Latin digits, with glyph outlines painted as
# paths and with Pango's line breaking); the seeded articles
# tests/test_pdf_text.sh measures (tests/tools/gen-inline-mix and
# gen-nested-mix, Arabic and English); the page-spanning articles of
# tests/pdf-cases.sh; and the 300-page bench book (bench/gen-large), also
# with a table of contents. Prints "differs: NAME" for each PDF whose SHA-256
# is not the recorded one and exits 1 if there is any.
#
# A change meant to keep every PDF as it is (a refactor) runs this before
# and after. A change meant to alter the output runs it with --update,
# which rewrites the list, and commits the list on its own, saying why.
# The environment is passed on, so CV_PDF_THREADS=1 sh tests/pdf-hashes.sh
# checks that one layout thread writes the same bytes as two.
# Uses $BUILD/bin/convert (BUILD=build) or $CONVERT. About a minute.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/.." && pwd)
CONVERT=${CONVERT:-$TOP/${BUILD:-build}/bin/convert}
list="$here/pdf-hashes.txt"
update=0
case ${1:-} in
--update) update=1 ;;
"") ;;
*) echo "usage: tests/pdf-hashes.sh [--update]" >&2; exit 2 ;;
esac
[ -x "$CONVERT" ] || { echo "pdf-hashes: $CONVERT not built" >&2; exit 2; }
. "$here/pdf-cases.sh"
export SOURCE_DATE_EPOCH=1700000000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/got"

# pdf NAME SOURCE [CONVERT-ARGS...]: converts SOURCE and records the PDF's
# SHA-256 as NAME ("failed" when it does not convert).
pdf() {
	name=$1 src=$2
	shift 2
	if "$CONVERT" --to pdf "$@" -o "$work/$name.pdf" "$src" 2>"$work/err"; then
		echo "$(sha256sum < "$work/$name.pdf" | cut -d' ' -f1)  $name" >> "$work/got"
	else
		echo "failed  $name" >> "$work/got"
		echo "pdf-hashes: $name does not convert: $(head -3 "$work/err")" >&2
	fi
}

s="$TOP/samples"
for f in "$s"/*.xml; do
	pdf "$(basename "$f" .xml)" "$f"
done
pdf features.en.toc "$s/features.en.xml" --param toc=yes
pdf features.en.a5 "$s/features.en.xml" --param page-size=A5
pdf mixed-content.ar.a5 "$s/mixed-content.ar.xml" --param page-size=A5
pdf qatar.latin-digits "$s/qatar-cybercrime-convention.ar.xml" \
	--param number-headings=no --param digits=latin
export CV_PDF_NO_STAMPS=1
pdf qatar.no-stamps "$s/qatar-cybercrime-convention.ar.xml"
unset CV_PDF_NO_STAMPS
export CV_PDF_PANGO_LINES=1
pdf mixed-content.ar.pango-lines "$s/mixed-content.ar.xml"
unset CV_PDF_PANGO_LINES

for a in "ar" "ar 2" "ar 23" "en" "en 3" "en 18"; do
	name=inline-mix.$(echo "$a" | tr ' ' .)
	# shellcheck disable=SC2086 # the language and the seed
	python3 "$TOP/tests/tools/gen-inline-mix" $a > "$work/$name.xml"
	pdf "$name" "$work/$name.xml"
done
for lang in ar en; do
	python3 "$TOP/tests/tools/gen-nested-mix" $lang 12 > "$work/nested-mix.$lang.12.xml"
	pdf "nested-mix.$lang.12" "$work/nested-mix.$lang.12.xml"
done

for c in long_table long_note headings float edges long_arabic; do
	mkdir -p "$work/$c"
	"case_$c" "$work/$c/$c.xml"
	pdf "case.$c" "$work/$c/$c.xml"
done
pdf case.headings.toc "$work/headings/headings.xml" --param toc=yes
pdf case.long_arabic.toc "$work/long_arabic/long_arabic.xml" --param toc=yes

python3 "$TOP/bench/gen-large" > "$work/book.xml"
pdf book "$work/book.xml"
pdf book.toc "$work/book.xml" --param toc=yes

if [ $update = 1 ]; then
	cp "$work/got" "$list"
	echo "pdf-hashes: wrote $(wc -l < "$list") hashes to tests/pdf-hashes.txt"
	exit 0
fi
status=0
while read -r hash name; do
	want=$(awk -v n="$name" '$2 == n { print $1 }' "$list")
	if [ -z "$want" ]; then
		echo "not in the list: $name"
		status=1
	elif [ "$hash" != "$want" ]; then
		echo "differs: $name"
		status=1
	fi
done < "$work/got"
for name in $(awk '{ print $2 }' "$list"); do
	grep -q "  $name\$" "$work/got" || { echo "not made: $name"; status=1; }
done
[ $status = 0 ] && echo "pdf-hashes: all $(wc -l < "$work/got") PDFs as recorded"
exit $status

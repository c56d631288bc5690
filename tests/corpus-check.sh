#!/bin/sh
# The right-to-left corpus against issue 18's thresholds (make
# check-corpus): every article of tests/corpus (Arabic, Persian, Hebrew,
# Urdu; tests/corpus/README.md) is converted to PDF and read back with
# poppler, pdf.js, MuPDF 1.28 and PDFium; on every article word recall must
# be >= 0.99 in all four, word order (pairs kept) >= 0.99 in poppler and
# pdf.js, Latin words 1.00 in all four; Debian's mutool 1.21 is reported.
# tests/tools/fidelity-report does the work and lists every figure below
# its threshold. Not yet part of make check: today's text layer misses the
# thresholds (docs/pdf-text.md has the figures); the text-layer work of
# issue 18 is to make this pass. About 50 s on a shared 2-core machine.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
export CONVERT="$top/$BUILD/bin/convert"
exec "$top/tests/tools/fidelity-report" --check "$@"

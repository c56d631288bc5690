#!/bin/sh
# The rules make check keeps for itself:
#   - no test reads a clock: on a shared machine a timing is noise, and a
#     timing that fails stops nothing but trust in the suite (timings live
#     in make bench); a hang is caught by a generous timeout or a CPU-time
#     limit, which are guards, not measurements; the runners print each
#     stage's and script's wall time for the CI budget, on lines tagged
#     "budget: printed, never compared", which the rule passes over;
#   - every stage runs even when an earlier one failed, and check fails at
#     the end: make check is run with make replaced by a recorder that fails
#     the end-to-end stage.
. "$(dirname "$0")/lib.sh"

# --- no clock ------------------------------------------------------------------
self=$(basename "$0")
clocks=""
for f in "$TOP"/tests/*.sh "$TOP"/tests/*.c "$TOP"/tests/run-* "$TOP"/tests/fuzz/*.c; do
	[ -f "$f" ] && [ "$(basename "$f")" != "$self" ] || continue
	hits=$(grep -nE 'date \+%[sN]|%s%N|\$SECONDS|time\.(time|monotonic|perf_counter)\(|clock_gettime|gettimeofday|/usr/bin/time|\bclock\(\)|^\s*time "\$CONVERT"' "$f" |
		grep -v '# budget: printed, never compared$' |
		sed "s|^|$(basename "$f"):|")
	[ -z "$hits" ] || clocks="$clocks $hits"
done
if [ -z "$clocks" ]; then pass "no test reads a clock"; else fail "no test reads a clock" "$clocks"; fi

# --- every stage runs ------------------------------------------------------------
cat > "$WORK/make" <<EOS
#!/bin/sh
st=0
for t in "\$@"; do
	echo "\$t" >> "$WORK/stages"
	[ "\$t" != check-e2e ] || st=1
done
exit \$st
EOS
chmod +x "$WORK/make"
: > "$WORK/stages"
# -n prints deps' install command instead of running it; the line that
# names \$(MAKE) runs anyway, as make runs every recursive line.
make -s -n -C "$TOP" check MAKE="$WORK/make" > "$WORK/check.out" 2>&1
st=$?
stages=$(paste -sd' ' "$WORK/stages")
case " $stages " in
*" check-e2e "*"check-asan "*) pass "make check runs the sanitizer stage after a failed stage ($stages)" ;;
*) fail "make check runs the sanitizer stage after a failed stage" "stages run: '$stages'" ;;
esac
if [ "$st" != 0 ] && grep -q 'FAILED: check-e2e' "$WORK/check.out"; then
	pass "make check fails at the end, naming the failed stage"
else
	fail "make check fails at the end, naming the failed stage" "status $st: $(tail -3 "$WORK/check.out")"
fi

finish

#!/bin/bash
# make check: every test of the project, stage by stage.
#
#   build     the library, programs, tests and mxtls.ko for each kernel,
#             with and without RC4 (W=1, no warnings)
#   unit      userspace unit tests (cmocka, ASan+UBSan) and the
#             constant-time tests (valgrind)
#   fuzz      each libFuzzer target for FUZZ_CHECK_SECONDS (default 12)
#             without a crash, leak or timeout, then every target timed
#             on its worst 64 KiB inputs (scripts/fuzz-budget.sh)
#   interop   mxtls-client/-server against OpenSSL and GnuTLS over loopback
#             (scripts/interop.py, scripts/interop_ext.py)
#   configs   the guide's compile-time option sets, each built and tested
#   style     checkpatch.pl --strict on kmod/, kunit/ and the UAPI header
#   kunit     KUnit suites under UML with KASAN and lockdep
#   vm-<k>    the VM selftests on each kernel
#
# Every stage yields TAP-style "ok"/"not ok" lines, kept in build/check/;
# a skipped test counts as failed. Prints a line per stage and ends with
# "N passed, M failed"; exits non-zero when anything failed.
#
#   scripts/check.sh [KERNEL...]      (default: 6.1 6.12)
#   MXTLS_CHECK_STAGES="unit style"   run only these stages
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
out=$top/build/check
rm -rf "$out"
mkdir -p "$out"
stages=${MXTLS_CHECK_STAGES:-"build unit interop configs fuzz style kunit ${kernels[*]/#/vm-}"}

jobs=$(nproc)
total_pass=0
total_fail=0
summary=()

# Count the TAP results of a stage log; show the failures.
tally() { # stage logfile
	local stage=$1 log=$2 pass fail
	pass=$(grep -aEc '^ok [0-9]+ ' "$log" | head -n 1)
	fail=$(grep -aEc '^not ok [0-9]+ ' "$log" | head -n 1)
	local skips
	skips=$(grep -aEc '^ok [0-9]+ .*# *SKIP' "$log" | head -n 1)
	pass=$((pass - skips))
	fail=$((fail + skips))
	if [ $((pass + fail)) -eq 0 ]; then
		echo "not ok 1 $stage reported no results" >>"$log"
		fail=1
	fi
	# a failure's explanation follows it as "    # " lines (a guest's panic)
	grep -aE '^not ok [0-9]+ |^ok [0-9]+ .*# *SKIP|^    # ' "$log" | head -n 200 |
		sed "s/^/  [$stage] /"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	summary+=("$(printf '%-10s %4d passed, %d failed' "$stage" "$pass" "$fail")")
	printf '== %-10s %4d passed, %d failed\n' "$stage" "$pass" "$fail"
}

# Run a command as one test: "ok"/"not ok" with its name, output kept.
n=0
step() { # log name command...
	local log=$1 name=$2
	shift 2
	n=$((n + 1))
	if "$@" >>"$log.out" 2>&1; then
		echo "ok $n $name" >>"$log"
	else
		echo "not ok $n $name" >>"$log"
		tail -n 30 "$log.out" | sed 's/^/    # /' >>"$log"
	fi
}

stage_build() {
	local log=$out/build.log k
	n=0
	step "$log" "userspace builds (make all tests selftests)" make -s -j"$jobs" lib progs tests selftests
	for k in "${kernels[@]}"; do
		step "$log" "mxtls.ko builds for $k without warnings (W=1)" \
			make -s -j"$jobs" module KVER="$k"
		step "$log" "mxtls.ko with RC4 (MXTLS_RC4=y) builds for $k without warnings (W=1)" \
			make -s -j"$jobs" module-rc4 KVER="$k"
	done
	# Made here, once: both lanes below use them, and two makers at
	# once would remove each other's files.
	step "$log" "TLS test data (scripts/tls-testdata.sh)" scripts/tls-testdata.sh build/tls-testdata
	rm -rf build/install build/dkms && mkdir -p build/dkms
	step "$log" "make install DESTDIR=build/install" make -s install DESTDIR="$top/build/install" PREFIX=/usr
	# A MatrixSSL integration ports with a recompile: the example client
	# builds from the installed header ("matrixsslApi.h") and library alone.
	step "$log" "an integration builds with pkg-config --cflags/--libs mxtls" sh -c \
		'export PKG_CONFIG_PATH=build/install/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=build/install
		 cc -std=gnu11 -Wall -Werror $(pkg-config --cflags mxtls) -o build/check/client-installed \
			tools/mxtls-client/main.c -Lbuild/install/usr/lib -Wl,-Bstatic $(pkg-config --libs mxtls) \
			-Wl,-Bdynamic $(pkg-config --libs libnl-genl-3.0) -lpthread &&
		 build/check/client-installed --help >/dev/null'
	for k in "${kernels[@]}"; do
		step "$log" "DKMS builds the installed module sources for $k" \
			dkms build -m mxtls -v "$(make -s -f Makefile print-version)" \
			-k "$(scripts/kver.sh "$k")" --sourcetree "$top/build/install/usr/src" \
			--dkmstree "$top/build/dkms"
	done
}

stage_unit() {
	local log=$out/unit.log t
	: >"$log"
	for t in build/tests/test_*; do
		[ -x "$t" ] || continue
		echo "# $t" >>"$log"
		CMOCKA_MESSAGE_OUTPUT=TAP "$t" >>"$log" 2>&1 ||
			echo "not ok 0 $t exited with status $?" >>"$log"
	done
	for t in build/tests/ct_*; do
		[ -x "$t" ] || continue
		echo "# valgrind $t" >>"$log"
		CMOCKA_MESSAGE_OUTPUT=TAP valgrind -q --error-exitcode=99 "$t" >>"$log" 2>&1 ||
			echo "not ok 0 $t under valgrind exited with status $?" >>"$log"
	done
}

stage_fuzz() {
	local log=$out/fuzz.log secs=${FUZZ_CHECK_SECONDS:-12} t
	n=0
	step "$log" "fuzz targets build (make fuzzers)" make -s fuzzers
	# Seeds that hold keys are made at test time, never committed.
	step "$log" "PKI test data and fuzzing seeds" scripts/pki-testdata.sh build/pki-test
	step "$log" "TLS test data" scripts/tls-testdata.sh build/tls-testdata
	for t in build/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		step "$log" "$(basename "$t"): ${secs}s without crash, leak or timeout" \
			scripts/fuzz.sh "$secs" "$t"
	done
	step "$log" "fuzz targets: no input of up to 64 KiB takes over 10 ms" \
		sh -c 'scripts/fuzz-budget.sh build/fuzz/fuzz_*'
}

stage_interop() {
	local log=$out/interop.log
	n=0
	step "$log" "programs and TLS test data" sh -c \
		'make -s lib progs && scripts/tls-testdata.sh build/tls-testdata'
	python3 scripts/interop.py >>"$log" 2>&1 ||
		echo "not ok 999 interop.py exited with status $?" >>"$log"
	# Key exchanges, extensions, re-handshakes (the policy and DH_anon
	# builds run theirs in the configs stage).
	python3 scripts/interop_ext.py >>"$log" 2>&1 ||
		echo "not ok 998 interop_ext.py exited with status $?" >>"$log"
}

stage_configs() {
	local log=$out/configs.log
	scripts/config-matrix.sh >"$log" 2>&1 ||
		echo "not ok 999 config-matrix.sh exited with status $?" >>"$log"
}

stage_style() {
	local log=$out/style.log f cp
	n=0
	cp=$("$top/scripts/linux-src.sh")/scripts/checkpatch.pl
	for f in kmod/*.[ch] kunit/*.[ch] include/uapi/linux/mxtls.h; do
		[ -f "$f" ] || continue
		step "$log" "checkpatch --strict $f" sh -c \
			"'$cp' --no-tree --strict --quiet --show-types -f '$f' && echo clean"
	done
}

stage_kunit() {
	local log=$out/kunit.log
	n=0
	step "$log" "kunit.py run (UML, KASAN, lockdep)" scripts/kunit.sh
	python3 - build/kunit/results.json >>"$log" <<'PY'
import json, sys
try:
    root = json.load(open(sys.argv[1]))
except Exception as e:
    print("not ok 1 kunit results unreadable: %s" % e)
    sys.exit(0)
n = 100
def walk(g, prefix):
    global n
    for t in g.get("test_cases", []):
        n += 1
        ok = t["status"] == "PASS"
        print("%s %d %s%s%s" % ("ok" if ok else "not ok", n, prefix, t["name"],
                                "" if ok else " (%s)" % t["status"]))
    for s in g.get("sub_groups", []):
        walk(s, prefix + s["name"] + ".")
walk(root, "")
PY
	step "$log" "kunit: kernel log free of BUG/WARNING/lockdep/KASAN reports" \
		scripts/kernel-splats.sh build/kunit/test.log
}

stage_vm() { # kernel
	local k=$1 log=$out/vm-$1.log rc
	# offload_lib.sh runs the programs with these certificates
	scripts/tls-testdata.sh build/tls-testdata >/dev/null 2>&1
	scripts/vm.sh -k "$k" -t 1800 -a build/tls-testdata -- tools/selftests/run.sh \
		>"$log.console" 2>&1
	rc=$?
	# a failure's "    # " lines (what its programs printed) with it
	grep -aE '^(not )?ok [0-9]+ |^    # ' "$log.console" >"$log"
	if [ $rc -eq 0 ]; then
		echo "ok 1 vm-$k: guest finished, status 0, kernel log clean" >>"$log"
	else
		echo "not ok 1 vm-$k: guest failed (status $rc, see $log.console)" >>"$log"
		grep -aE '^vm.sh:' "$log.console" | sed 's/^/    # /' >>"$log"
	fi
}

# The stages run in lanes side by side: KUnit from the start (it builds
# its own kernel); the build, then the userspace stages (unit, interop,
# configs, fuzz, style); each VM after the build. An emulated guest keeps
# less than one core busy and the userspace stages wait on peers and
# sockets, so one after the other left much of the machine idle; and a
# lane left running alone at the end (a VM behind KUnit did) wastes the
# other core. A stage writes
# only its log; the tally is made here, in the order the stages were named.
#
# Each stage's CPU time (its processes', user + system) is printed beside
# its wall time: the lanes share two cores, so CPU time is what a stage
# costs the others.
cpu_now() { # into $cpu: CPU seconds of this shell's waited-for children
	local f=$out/.times.$BASHPID

	times >"$f"
	cpu=$(tail -n 1 "$f" | awk '{ t = 0; for (i = 1; i <= 2; i++) {
		split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%d\n", t }')
	rm -f "$f"
}

run_stage() { # stage
	local t0=$SECONDS c0 cpu
	cpu_now
	c0=$cpu
	case $1 in
	build|unit|interop|configs|fuzz|style|kunit) "stage_$1" ;;
	vm-*) stage_vm "${1#vm-}" ;;
	*) echo "check.sh: unknown stage $1" >&2
	   echo "not ok 1 unknown stage $1" >>"$out/$1.log" ;;
	esac
	cpu_now
	cpu=$((cpu - c0))
	echo "$((SECONDS - t0)) s, CPU $cpu s" >"$out/$1.secs"
	echo "   $1 done ($((SECONDS - t0)) s, CPU $cpu s)"
}

start=$SECONDS
ulane=()
vms=()
kunit=
for s in $stages; do
	case $s in
	build) ;;
	kunit) kunit=kunit ;;
	vm-*) vms+=("$s") ;;
	*) ulane+=("$s") ;;
	esac
done
# KUnit builds its own kernel from our sources alone: it starts at once,
# beside the build.
pids=()
[ -n "$kunit" ] && { run_stage kunit & pids+=($!); }
# Each lane is a shell of its own: a shell's CPU time counts every child
# it reaps, and one that started lanes reaps them whenever they end.
[[ " $stages " == *" build "* ]] && (run_stage build)
# the lanes' stages read the TLS test data; one maker, before they start
scripts/tls-testdata.sh build/tls-testdata >/dev/null 2>&1
for v in "${vms[@]}"; do
	run_stage "$v" &
	pids+=($!)
done
(for s in "${ulane[@]}"; do run_stage "$s"; done) &
pids+=($!)
for p in "${pids[@]}"; do wait "$p"; done

for s in $stages; do
	tally "$s" "$out/$s.log"
	echo "   ($(cat "$out/$s.secs" 2>/dev/null || echo ?))"
done

echo
echo "Summary ($((SECONDS - start)) s):"
printf '  %s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

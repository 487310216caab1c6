# SPDX-License-Identifier: GPL-2.0
#
# mxtls top-level build.
#
#   make                 libmxtls (static and shared), programs, mxtls.ko
#   make KVER=<version>  the module for another installed kernel (6.1, 6.12
#                        or a full version string)
#   make module-rc4      the module with the RC4 suites (build/kmod-rc4/)
#   make check           every test; ends with "N passed, M failed"
#   make run             the demo in the test VM
#   make install         DESTDIR- and PREFIX-aware
#   make fuzz            each fuzz target for FUZZ_SECONDS
#   make bench[-AREA]    benchmark programs (BENCH lines)
#
# Where things come from (names, not lists, so new files need no edit here):
#   userspace/{core,crypto,pki,ssl,offload}/*.c   libmxtls
#   userspace/daemon/*.c                          mxtlsd
#   tools/<prog>/*.c                              program <prog>
#   tools/selftests/*.c                           one VM selftest each
#   tools/bench/*.c                               one benchmark each
#   userspace/tests/test_*.c                      one unit test each (ASan+UBSan)
#   userspace/tests/ct_*.c                        one constant-time test each (valgrind)
#   userspace/fuzz/fuzz_*.c                       one libFuzzer target each

VERSION    := 0.1.0
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
SRCDIR     ?= $(PREFIX)/src
SYSCONFDIR ?= /etc

KVER       ?= $(shell scripts/kver.sh)
override KVER := $(shell scripts/kver.sh $(KVER))
KDIR       ?= /lib/modules/$(KVER)/build
CHECK_KERNELS ?= 6.1 6.12

B := build
CC ?= cc
CLANG ?= clang

NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	    -Wpointer-arith -Wvla -Wformat=2 -Wno-unused-parameter
# FIRST_INC: include directories searched before ours (ct_kernel_*: kshim's
# <crypto/hash.h> and not userspace/crypto/hash.h)
CPPFLAGS += $(FIRST_INC) -Iinclude -Iinclude/mxtls -Iinclude/uapi -Iuserspace $(NL_CFLAGS) \
	    -D_GNU_SOURCE
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -fPIC $(WARN) -Werror -fstack-protector-strong \
	    -D_FORTIFY_SOURCE=2 -fvisibility=hidden
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
LDLIBS   += $(NL_LIBS) -lpthread

LIB_SRCS := $(sort $(wildcard $(addsuffix /*.c,$(addprefix userspace/,core crypto pki ssl offload))))
LIB_ASM  := $(sort $(wildcard $(addsuffix /*.S,$(addprefix userspace/,core crypto pki ssl offload))))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o) $(LIB_ASM:%.S=$(B)/obj/%.o)
SAN_OBJS := $(LIB_SRCS:%.c=$(B)/san/%.o) $(LIB_ASM:%.S=$(B)/san/%.o)

PROG_DIRS := $(sort $(filter-out tools/selftests/ tools/bench/,$(dir $(wildcard tools/*/*.c))))
PROGS     := $(patsubst tools/%/,$(B)/bin/%,$(PROG_DIRS))
DAEMON    := $(if $(wildcard userspace/daemon/*.c),$(B)/bin/mxtlsd)
SELFTESTS := $(patsubst tools/selftests/%.c,$(B)/selftests/%,$(wildcard tools/selftests/*.c))
BENCHES   := $(patsubst tools/bench/%.c,$(B)/bench/%,$(wildcard tools/bench/*.c))
UNITTESTS := $(patsubst userspace/tests/%.c,$(B)/tests/%,$(wildcard userspace/tests/test_*.c))
CTTESTS   := $(patsubst userspace/tests/%.c,$(B)/tests/%,$(wildcard userspace/tests/ct_*.c))
FUZZERS   := $(patsubst userspace/fuzz/%.c,$(B)/fuzz/%,$(wildcard userspace/fuzz/fuzz_*.c))
TEST_SUPPORT := $(wildcard userspace/tests/support/*.c)

LIBA  := $(B)/lib/libmxtls.a
LIBSO := $(B)/lib/libmxtls.so.0
SANA  := $(B)/lib/libmxtls-san.a

KSELFTEST_DIR = $(shell scripts/linux-src.sh)/tools/testing/selftests

.PHONY: FORCE print-version print-flags all lib progs module module-rc4 modules selftests tests check \
	run install fuzz fuzzers bench bench-crypto bench-pki bench-tls bench-kernel bench-daemon \
	clean distclean
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

all: lib progs module

lib: $(LIBA) $(LIBSO)
progs: $(PROGS) $(DAEMON)

# --- library ------------------------------------------------------------
$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

$(B)/san/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(SANA): $(SAN_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(LIBSO): $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libmxtls.so.0 -Wl,-z,relro,-z,now -o $@ $^ $(LDLIBS)
	ln -sf libmxtls.so.0 $(B)/lib/libmxtls.so

# --- programs (linked statically against libmxtls) -----------------------
.SECONDEXPANSION:
$(B)/bin/%: $$(addprefix $(B)/obj/,$$(subst .c,.o,$$(wildcard tools/$$*/*.c))) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/bin/mxtlsd: $(patsubst %.c,$(B)/obj/%.o,$(wildcard userspace/daemon/*.c)) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# --- tests ----------------------------------------------------------------
TEST_LIBS := -lcmocka $(shell pkg-config --libs json-c 2>/dev/null) -lssl -lcrypto $(LDLIBS)

$(B)/san/userspace/tests/%.o $(B)/obj/userspace/tests/%.o: CPPFLAGS += -DMXTLS_TOP=\"$(CURDIR)\" -Iuserspace/tests/support
# ct_kernel_*: module code (kmod/) compiled against userspace stand-ins for the kernel headers
# (first: userspace/crypto/hash.h would stand in for <crypto/hash.h>)
$(B)/obj/userspace/tests/ct_kernel_%.o: CPPFLAGS := -Iuserspace/tests/kshim -Ikmod \
	-DMXTLS_HAVE_LINUX_UNALIGNED_H $(CPPFLAGS)
$(B)/obj/userspace/tests/ct_kernel_%.o: kmod/*.[ch] $(wildcard userspace/tests/kshim/*/*.h)

$(B)/tests/test_%: $(B)/san/userspace/tests/test_%.o $(TEST_SUPPORT:%.c=$(B)/san/%.o) $(SANA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(TEST_LIBS)

$(B)/tests/ct_%: $(B)/obj/userspace/tests/ct_%.o $(TEST_SUPPORT:%.c=$(B)/obj/%.o) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(TEST_LIBS)

# test_daemon_*: with mxtlsd's parts besides main() (userspace/daemon/)
DAEMON_PARTS := $(filter-out userspace/daemon/main.c,$(wildcard userspace/daemon/*.c))
DAEMON_TESTS := $(filter $(B)/tests/test_daemon_%,$(UNITTESTS))
$(DAEMON_TESTS): $(B)/tests/test_daemon_%: $(B)/san/userspace/tests/test_daemon_%.o \
		$(DAEMON_PARTS:%.c=$(B)/san/%.o) $(TEST_SUPPORT:%.c=$(B)/san/%.o) $(SANA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(TEST_LIBS)

tests: $(UNITTESTS) $(CTTESTS)

# Selftests run in the VM: kselftest_harness.h comes from the kernel source;
# tools/selftests/lib/*.c (OpenSSL as the peer) is linked into each.
SELFTEST_SUPPORT := $(wildcard tools/selftests/lib/*.c)
$(B)/selftests/%: tools/selftests/%.c $(SELFTEST_SUPPORT) $(wildcard tools/selftests/lib/*.h) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I$(KSELFTEST_DIR) -Itools/selftests/lib $(CFLAGS) \
		-Wno-missing-prototypes -Wno-clobbered -o $@ $< $(SELFTEST_SUPPORT) $(LIBA) $(LDLIBS) \
		-lssl -lcrypto -lgnutls

# rc4_<name>.c is <name>.c with its RC4 variants, run against build/kmod-rc4
$(filter $(B)/selftests/rc4_%,$(SELFTESTS)): $(B)/selftests/rc4_%: tools/selftests/%.c

selftests: $(SELFTESTS)

$(B)/bench/%: $(B)/obj/tools/bench/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lssl -lcrypto

# The library is compiled once for all fuzz targets (coverage and sanitizers).
FUZZ_FLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer
FUZZ_OBJS  := $(LIB_SRCS:%.c=$(B)/fuzzobj/%.o) $(LIB_ASM:%.S=$(B)/fuzzobj/%.o)
FUZZ_LIB   := $(B)/lib/libmxtls-fuzz.a

$(B)/fuzzobj/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		-MMD -MP -c -o $@ $<

$(B)/fuzzobj/%.o: %.S
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/fuzz/%: userspace/fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(FUZZ_LIB) $(LDLIBS)

# The same targets against the optimised library, for timing them.
REPLAYS := $(patsubst $(B)/fuzz/%,$(B)/fuzz/replay/%,$(FUZZERS))

$(B)/fuzz/replay/%: userspace/fuzz/%.c userspace/fuzz/support/replay.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< userspace/fuzz/support/replay.c $(LIBA) $(LDLIBS)

fuzzers: $(FUZZERS) $(REPLAYS)

# --- kernel module ----------------------------------------------------------
# The sources are mirrored into build/kmod/<kernel>/ so that builds for
# several kernels do not share object files and the tree stays clean. The
# build with the RC4 suites (MXTLS_RC4=y, off by default) goes to
# build/kmod-rc4/<kernel>/; the VM selftests rc4_* run against it.
KMOD_SRCS := Kbuild $(wildcard kmod/*.[ch] kunit/*.[ch] kunit/Kconfig) include/uapi/linux/mxtls.h
DKMS_SRCS := Kbuild $(wildcard kmod/*.[ch]) include/uapi/linux/mxtls.h

module: $(B)/kmod/$(KVER)/mxtls.ko
module-rc4: $(B)/kmod-rc4/$(KVER)/mxtls.ko
modules: $(foreach k,$(CHECK_KERNELS),$(B)/kmod/$(shell scripts/kver.sh $(k))/mxtls.ko \
	$(B)/kmod-rc4/$(shell scripts/kver.sh $(k))/mxtls.ko)

# $(call kmod_build,KERNEL,EXTRA KBUILD ARGUMENTS): W=1, and a warning fails
define kmod_build
	scripts/kmod-mirror.sh $(@D)
	+$(MAKE) -C /lib/modules/$(1)/build M=$(CURDIR)/$(@D) W=1 $(2) modules \
		>$(@D)/build.log 2>&1; rc=$$?; cat $(@D)/build.log; [ $$rc -eq 0 ]
	@! grep -E 'warning:|error:' $(@D)/build.log || \
		{ echo "$@: the build has warnings" >&2; rm -f $@; exit 1; }
endef

# kbuild runs every time: it alone knows when its flags changed
$(B)/kmod/%/mxtls.ko: $(KMOD_SRCS) FORCE
	$(call kmod_build,$*,MXTLS_RC4=n)

$(B)/kmod-rc4/%/mxtls.ko: $(KMOD_SRCS) FORCE
	$(call kmod_build,$*,MXTLS_RC4=y)

FORCE:

# --- check, run, bench, fuzz ------------------------------------------------
# check.sh builds everything itself, so a build failure is a failed test.
check:
	@scripts/deps.sh
	@scripts/check.sh $(CHECK_KERNELS)

run:
	@scripts/deps.sh
	@scripts/demo.sh

FUZZ_SECONDS ?= 60
fuzz: $(FUZZERS)
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZERS)

# bench_crypto_pk reports the .text size of the bignum, RSA and DH built for size.
PK_OS_SRCS := $(addprefix userspace/crypto/,bn.c mont.c bn_arith.c bn_ifma.c rsa.c \
		rsa_pkcs1.c rsa_pss.c rsa_keygen.c dh.c dh_groups.c)
PK_OS_OBJS := $(patsubst userspace/crypto/%.c,$(B)/os/pk/%.o,$(PK_OS_SRCS))

$(B)/os/pk/%.o: userspace/crypto/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Os -c -o $@ $<

bench-crypto: $(PK_OS_OBJS)

bench: bench-crypto bench-pki bench-tls bench-kernel bench-daemon
bench-crypto bench-pki bench-tls bench-kernel bench-daemon: all $(BENCHES)
	@scripts/bench.sh $(@:bench-%=%)

# --- install ----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/mxtls/linux \
		$(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR)
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/
	ln -sf libmxtls.so.0 $(DESTDIR)$(LIBDIR)/libmxtls.so
	install -m 644 $(wildcard include/mxtls/*.h) $(DESTDIR)$(INCLUDEDIR)/mxtls/
	install -m 644 include/uapi/linux/mxtls.h $(DESTDIR)$(INCLUDEDIR)/mxtls/linux/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' scripts/mxtls.pc.in \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/mxtls.pc
	$(if $(PROGS),install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)/)
	$(if $(DAEMON),install -m 755 $(DAEMON) $(DESTDIR)$(SBINDIR)/)
	install -d $(DESTDIR)$(SYSCONFDIR) $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 644 etc/mxtlsd.conf.example $(DESTDIR)$(SYSCONFDIR)/
	install -m 644 etc/mxtlsd.service $(DESTDIR)$(PREFIX)/lib/systemd/system/
	install -d $(DESTDIR)/lib/modules/$(KVER)/extra
	install -m 644 $(B)/kmod/$(KVER)/mxtls.ko $(DESTDIR)/lib/modules/$(KVER)/extra/
	$(if $(DESTDIR),,depmod -a $(KVER))
	install -d $(DESTDIR)$(SRCDIR)/mxtls-$(VERSION)
	cp --parents $(DKMS_SRCS) $(DESTDIR)$(SRCDIR)/mxtls-$(VERSION)/
	sed 's|@VERSION@|$(VERSION)|' scripts/dkms.conf.in \
		>$(DESTDIR)$(SRCDIR)/mxtls-$(VERSION)/dkms.conf

print-version:
	@echo $(VERSION)

# For scripts that compile variants of the library (scripts/config-matrix.sh).
print-flags:
	@echo '$(CPPFLAGS)'
	@echo '$(CFLAGS)'
	@echo '$(LDLIBS)'

clean:
	rm -rf $(B)/obj $(B)/san $(B)/fuzzobj $(B)/lib $(B)/bin $(B)/tests $(B)/selftests \
		$(B)/bench $(B)/fuzz $(B)/kmod $(B)/vm $(B)/check

distclean:
	rm -rf $(B)

-include $(shell find $(B)/obj $(B)/san $(B)/fuzzobj -name '*.d' 2>/dev/null)

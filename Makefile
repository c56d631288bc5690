# convert: build, test and install.
#
# Conventions that let a new plugin or test need no edit here:
#   plugins/NAME/*.c        -> $(BUILD)/lib/convert/plugins/NAME.so
#   plugins/NAME/deps       optional: pkg-config modules the plugin needs
#   tests/check_*.c         -> one Check binary each, linked with the core
#   tests/plugins/*.c       -> test plugins (good, wrong ABI, no descriptor)
#   tests/test_*.sh         -> end-to-end scripts, run by tests/run-e2e
#
# The build tree mirrors an installation (bin/, lib/convert/plugins/,
# share/convert/), so the binary finds everything relative to itself.

BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
SANITIZE ?=

PKG_CORE  := libxml-2.0 libxslt
PKG_CHECK := check

CC       ?= cc
WARN     := -Wall -Wextra -Werror
CSTD     := -std=c11 -D_GNU_SOURCE
OPT      ?= -O2 -g
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -fPIC -fvisibility=hidden \
             -Icore/include -Icore -DCV_VERSION='"$(shell cat VERSION)"' $(shell pkg-config --cflags $(PKG_CORE)) $(CFLAGS)
ifeq ($(SANITIZE),1)
CFLAGS_ALL += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
endif
CORE_LIBS := $(shell pkg-config --libs $(PKG_CORE)) -ldl -lm

CORE_SRC  := $(filter-out core/main.c,$(wildcard core/*.c))
CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
CORE_LIB  := $(BUILD)/obj/libcvcore.a
BIN       := $(BUILD)/bin/convert

PLUGIN_DIRS := $(patsubst %/,%,$(dir $(wildcard plugins/*/*.c)))
PLUGIN_NAMES := $(sort $(notdir $(PLUGIN_DIRS)))
PLUGINS   := $(PLUGIN_NAMES:%=$(BUILD)/lib/convert/plugins/%.so)

CHECK_SRC := $(wildcard tests/check_*.c)
CHECKS    := $(CHECK_SRC:tests/%.c=$(BUILD)/tests/%)
TPLUG_SRC := $(wildcard tests/plugins/*.c)
TPLUGS    := $(TPLUG_SRC:tests/plugins/%.c=$(BUILD)/tests/plugins/%.so)

SHARE     := $(BUILD)/share/convert

.PHONY: all demo check check-unit check-e2e check-asan check-corpus deps install bench clean

all: $(BIN) $(PLUGINS) $(SHARE)/stylesheets $(SHARE)/schema

$(BUILD)/obj/%.o: %.c $(wildcard core/*.h core/include/convert/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(PLUGIN_CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# --export-dynamic publishes the core's CV_EXPORT functions to plugins;
# everything else is hidden by -fvisibility=hidden.
$(BIN): $(BUILD)/obj/core/main.o $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -Wl,--export-dynamic -o $@ $(BUILD)/obj/core/main.o -Wl,--whole-archive $(CORE_LIB) -Wl,--no-whole-archive $(CORE_LIBS) $(LDFLAGS)

# One rule per plugin folder, with that folder's pkg-config modules.
define plugin_rule
$(BUILD)/lib/convert/plugins/$(1).so: PLUGIN_CFLAGS = $$(if $$(wildcard plugins/$(1)/deps),$$(shell pkg-config --cflags $$(shell cat plugins/$(1)/deps)))
$(BUILD)/lib/convert/plugins/$(1).so: $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard plugins/$(1)/*.c))
	@mkdir -p $$(dir $$@)
	$$(CC) $(LDSAN) -shared -o $$@ $$^ $$(if $$(wildcard plugins/$(1)/deps),$$(shell pkg-config --libs $$(shell cat plugins/$(1)/deps))) $$(shell pkg-config --libs $(PKG_CORE)) -lm $(LDFLAGS)
$(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard plugins/$(1)/*.c)): $(wildcard plugins/$(1)/*.h)
$(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard plugins/$(1)/*.c)): PLUGIN_CFLAGS = $$(if $$(wildcard plugins/$(1)/deps),$$(shell pkg-config --cflags $$(shell cat plugins/$(1)/deps)))
endef
$(foreach p,$(PLUGIN_NAMES),$(eval $(call plugin_rule,$(p))))

$(SHARE)/stylesheets $(SHARE)/schema:
	@mkdir -p $(SHARE)
	ln -sfn $(CURDIR)/$(notdir $@) $@

$(BUILD)/tests/check_%: tests/check_%.c $(CORE_LIB) tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-format-truncation -Itests $(shell pkg-config --cflags $(PKG_CHECK)) $(LDSAN) -Wl,--export-dynamic \
	    -DTEST_BUILD_DIR='"$(CURDIR)/$(BUILD)"' -DTEST_SOURCE_DIR='"$(CURDIR)"' \
	    -o $@ $< -Wl,--whole-archive $(CORE_LIB) -Wl,--no-whole-archive $(CORE_LIBS) $(shell pkg-config --libs $(PKG_CHECK)) $(LDFLAGS)

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c core/include/convert/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDSAN) -shared -o $@ $<

# ------------------------------------------------------------------
# The two commands of the quick start.

deps:
	@sh scripts/install-deps

demo: deps
	$(MAKE) all
	@mkdir -p out
	@set -e; for f in samples/*.xml; do \
	    echo "convert --to $$($(BIN) --list-formats --names | paste -sd, -) $$f"; \
	    $(BIN) --to "$$($(BIN) --list-formats --names | paste -sd, -)" -o out/ "$$f"; \
	done; ls -l out/

check: deps
	$(MAKE) all
	$(MAKE) check-unit check-e2e
	$(MAKE) check-asan

check-unit: all $(CHECKS) $(TPLUGS)
	@sh tests/run-unit $(BUILD) $(CHECKS)

check-e2e: all
	@BUILD=$(BUILD) sh tests/run-e2e

# The unit tests and the bad-input, command-line, EPUB and PDF suites
# again, under AddressSanitizer and UndefinedBehaviorSanitizer, in a
# separate build tree (the PDF suites add half a minute).
check-asan:
	$(MAKE) BUILD=build-asan SANITIZE=1 OPT="-O1 -g" all
	$(MAKE) BUILD=build-asan SANITIZE=1 OPT="-O1 -g" check-unit
	@BUILD=build-asan E2E_ONLY="$(ASAN_E2E)" sh tests/run-e2e

ASAN_E2E ?= test_bad_input.sh test_cli.sh test_epub.sh test_pdf.sh test_pdf_text.sh test_pdf_elements.sh

# The right-to-left corpus (tests/corpus) read back by four PDF readers,
# against issue 18's thresholds; not in check until the text layer meets
# them (tests/corpus-check.sh).
check-corpus: all
	@BUILD=$(BUILD) sh tests/corpus-check.sh

bench: all
	@sh bench/run $(BUILD)

# ------------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/convert/plugins \
	    $(DESTDIR)$(PREFIX)/share/convert/stylesheets $(DESTDIR)$(PREFIX)/share/convert/schema \
	    $(DESTDIR)$(PREFIX)/include/convert $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/convert
	install -m 644 $(PLUGINS) $(DESTDIR)$(PREFIX)/lib/convert/plugins/
	cp -R stylesheets/. $(DESTDIR)$(PREFIX)/share/convert/stylesheets/
	cp -R schema/. $(DESTDIR)$(PREFIX)/share/convert/schema/
	install -m 644 core/include/convert/plugin.h $(DESTDIR)$(PREFIX)/include/convert/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell cat VERSION)|g' \
	    convert-plugin.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/convert-plugin.pc

clean:
	rm -rf build build-asan out

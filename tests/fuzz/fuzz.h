/*
 * fuzz.h: what the libFuzzer harnesses share: one scratch article folder
 * set up as the tests' articles expect it (their images in place), the
 * article schema, and writing each input there as article.xml.
 *
 * The harnesses are built in their own tree (make fuzz: build-fuzz/fuzz/),
 * beside bin/, so cv_paths_find finds the plugins, stylesheets and schema
 * from the executable as convert does. Everything here is set up once, in
 * LLVMFuzzerInitialize; each input then costs one file write and the work
 * under test.
 */
#ifndef CV_FUZZ_H
#define CV_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "internal.h"

struct fuzz_env {
	struct cv_paths paths;
	struct cv_schema *schema;
	char folder[PATH_MAX];  /* the scratch article folder */
	char article[PATH_MAX]; /* folder/article.xml */
};

static struct fuzz_env fuzz;

static void fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static void fuzz_copy(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (in < 0 || out < 0)
		fuzz_die("cannot copy", from);
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			fuzz_die("cannot copy", to);
	close(in);
	close(out);
}

/* source: a file of the source tree; name: its path in the folder. */
static void fuzz_place(const char *source, const char *name)
{
	char from[PATH_MAX], to[PATH_MAX];

	snprintf(from, sizeof from, "%s/%s", FUZZ_SOURCE_DIR, source);
	snprintf(to, sizeof to, "%s/%s", fuzz.folder, name);
	fuzz_copy(from, to);
}

static void fuzz_cleanup(void)
{
	char cmd[PATH_MAX + 16];

	if (fuzz.folder[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz.folder);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz.folder);
}

/*
 * Finds convert's folders, installs the entity policy as main.c does,
 * compiles the schema and makes the article folder: in /dev/shm when it
 * is there (outputs are synced on every run), else in TMPDIR. The images
 * the samples and tests name are copied in, so inputs derived from them
 * reach the plugins' image code.
 */
static void fuzz_setup(void)
{
	static const char *const images[][2] = {
		{"samples/images/press.jpg", "images/press.jpg"},
		{"samples/images/timeline.svg", "images/timeline.svg"},
		{"samples/images/type-case.png", "images/type-case.png"},
		{"samples/images/type-case.png", "images/ok.png"},
		{"samples/images/type-case.png", "a.png"},
		{"samples/images/timeline.svg", "x.svg"},
		{"samples/images/press.jpg", "y.jpg"},
		{"tests/bad/image-not-image/images/notes.png", "images/notes.png"},
		{"tests/bad/svg-external/images/evil.svg", "images/evil.svg"},
		{"tests/bad/svg-sibling/images/svg-sibling.svg", "images/svg-sibling.svg"},
		{"tests/bad/svg-script/images/svg-script.svg", "images/svg-script.svg"},
	};
	struct cv_error err;
	const char *tmp = getenv("TMPDIR");
	struct stat st;
	char images_dir[PATH_MAX];

	if (cv_paths_find(&fuzz.paths, &err) != CV_OK)
		fuzz_die("cannot find convert's folders", err.message);
	const char *const allowed[] = {fuzz.paths.stylesheets, fuzz.paths.schema, NULL};
	cv_entity_policy_install(allowed);
	if (cv_schema_new(fuzz.paths.schema, &fuzz.schema, &err) != CV_OK)
		fuzz_die("cannot compile the schema", err.message);
	/* Reproducible outputs, as the tests ask for. */
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);

	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	snprintf(fuzz.folder, sizeof fuzz.folder, "%s/cvfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fuzz.folder) == NULL)
		fuzz_die("cannot make the article folder", strerror(errno));
	atexit(fuzz_cleanup);
	snprintf(images_dir, sizeof images_dir, "%s/images", fuzz.folder);
	if (mkdir(images_dir, 0755) != 0)
		fuzz_die("cannot make", images_dir);
	for (size_t i = 0; i < sizeof images / sizeof images[0]; i++)
		fuzz_place(images[i][0], images[i][1]);
	snprintf(fuzz.article, sizeof fuzz.article, "%s/article.xml", fuzz.folder);
}

/* A message that reaches libxml2's global handler while an article loads
 * would be printed bare on stderr, with no file or position (the loader
 * reports through its parser's own handler): a finding, like a crash.
 * fuzz-load found libxml2's "encoding error" lines this way. */
static void fuzz_bare_message(void *ctx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fuzz_die("libxml2 printed a message of its own while loading", msg);
}

/* Writes one input as the article; returns the loaded document or NULL. */
static struct cv_document *fuzz_load(const uint8_t *data, size_t size)
{
	struct cv_report rep;
	struct cv_document *doc = NULL;
	int fd = open(fuzz.article, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	xmlGenericErrorFunc was = xmlGenericError;
	void *was_ctx = xmlGenericErrorContext;

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size))
		fuzz_die("cannot write the article", strerror(errno));
	close(fd);
	cv_report_init(&rep);
	xmlSetGenericErrorFunc(NULL, fuzz_bare_message);
	if (cv_document_load(fuzz.article, fuzz.schema, &doc, &rep) != CV_OK)
		doc = NULL;
	xmlSetGenericErrorFunc(was_ctx, was);
	cv_report_clear(&rep);
	return doc;
}

#endif

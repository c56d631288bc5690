/*
 * report.c: what a run says as it goes: the --report file (JSON Lines,
 * one record per input and format, each written whole as it finishes, so
 * a run that is killed leaves a report of what finished), the progress
 * line on a terminal, and at the end the summary line and the failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "batch.h"

struct cv_batch_report {
	const struct cv_batch_plan *plan;
	const struct cv_batch_env *env;
	const struct cv_batch_options *opt;
	int fd;                 /* the report, or -1 */
	int fd_owned;
	double start;           /* seconds, monotonic */
	double last_progress;
	size_t done;            /* inputs finished */
	size_t outputs, fresh;
	size_t failed;          /* articles with a failure */
	size_t report_errors;   /* writes to the report that failed */
	int report_errno;
	char **messages;        /* per input: its failures' lines, or NULL */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct cv_batch_report *cv_batch_report_new(const struct cv_batch_plan *plan,
                                            const struct cv_batch_env *env,
                                            const struct cv_batch_options *opt,
                                            struct cv_error *err)
{
	struct cv_batch_report *rep = calloc(1, sizeof *rep);

	if (rep == NULL || (rep->messages = calloc(plan->count ? plan->count : 1, sizeof *rep->messages)) == NULL) {
		free(rep);
		cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	rep->plan = plan;
	rep->env = env;
	rep->opt = opt;
	rep->fd = -1;
	if (opt->report && strcmp(opt->report, "-") == 0) {
		rep->fd = STDOUT_FILENO;
	} else if (opt->report) {
		rep->fd = open(opt->report, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
		if (rep->fd < 0) {
			cv_error_set(err, CV_ERROR_SYSTEM, opt->report, 0, 0, "cannot open the report: %s", strerror(errno));
			free(rep->messages);
			free(rep);
			return NULL;
		}
		rep->fd_owned = 1;
	}
	rep->start = now();
	return rep;
}

/* Appends the valid UTF-8 bytes [p, end) to a JSON string, escaped. */
static void json_escaped(GString *out, const char *p, const char *end)
{
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c < 0x20)
			g_string_append_printf(out, "\\u%04x", c);
		else
			g_string_append_c(out, (char)c);
	}
}

/* Appends s as a JSON string. Bytes that are not UTF-8 (a file name may
 * hold any) become U+FFFD: JSON cannot carry them. */
static void json_string(GString *out, const char *s)
{
	const char *p = s, *end = s + strlen(s), *bad;

	g_string_append_c(out, '"');
	while (!g_utf8_validate(p, end - p, &bad)) {
		json_escaped(out, p, bad);
		g_string_append(out, "\\ufffd");
		p = bad + 1;
	}
	json_escaped(out, p, end);
	g_string_append_c(out, '"');
}

static void report_write(struct cv_batch_report *rep, const char *line, size_t len)
{
	if (cv_fd_write_all(rep->fd, line, len) != 0) {
		rep->report_errors++;
		rep->report_errno = errno;
	}
}

static const char *const status_names[] = {"ok", "failed", "up-to-date"};

void cv_batch_report_record(struct cv_batch_report *rep, const struct cv_batch_record *rec)
{
	const struct cv_plugin *plugin = rec->format >= 0 ? rep->env->plugins[rec->format] : NULL;

	if (rec->status == CV_BATCH_FAILED) {
		/* Failed articles are counted, and each message told once: an
		 * article that cannot be read fails every format the same way. */
		char **slot = &rep->messages[rec->item];
		if (*slot == NULL)
			rep->failed++;
		if (rec->message && *rec->message && (*slot == NULL || strstr(*slot, rec->message) == NULL)) {
			char *joined = g_strconcat(*slot ? *slot : "", rec->message, NULL);
			g_free(*slot);
			*slot = joined;
		} else if (*slot == NULL) {
			*slot = g_strdup("");
		}
	} else if (rec->status == CV_BATCH_FRESH) {
		rep->fresh++;
	} else if (plugin) {
		rep->outputs++;
	}
	if (rep->fd < 0)
		return;

	GString *line = g_string_sized_new(512);
	char target[PATH_MAX];
	g_string_append(line, "{\"input\":");
	json_string(line, rep->plan->items[rec->item].input);
	g_string_append(line, ",\"format\":");
	if (plugin) {
		json_string(line, plugin->name);
		cv_batch_target(rep->plan, rec->item, plugin, target, sizeof target);
		g_string_append(line, ",\"output\":");
		json_string(line, target);
	} else {
		g_string_append(line, "null,\"output\":null");
	}
	g_string_append_printf(line, ",\"status\":\"%s\",\"message\":", status_names[rec->status]);
	if (rec->message && *rec->message) {
		/* The lines as printed, without the last newline. */
		char *m = g_strdup(rec->message);
		g_strchomp(m);
		json_string(line, m);
		g_free(m);
	} else {
		g_string_append(line, "null");
	}
	if (rec->status == CV_BATCH_OK && plugin)
		g_string_append_printf(line, ",\"bytes\":%llu", rec->bytes);
	else
		g_string_append(line, ",\"bytes\":null");
	if (rec->pages >= 0)
		g_string_append_printf(line, ",\"pages\":%d", rec->pages);
	else
		g_string_append(line, ",\"pages\":null");
	g_string_append_printf(line, ",\"ms\":%llu,\"sha256\":", rec->ms);
	if (rec->status == CV_BATCH_OK && rec->sha256[0])
		g_string_append_printf(line, "\"%s\"", rec->sha256);
	else
		g_string_append(line, "null");
	if (rec->peak_kb >= 0)
		g_string_append_printf(line, ",\"peak_kb\":%ld", rec->peak_kb);
	g_string_append(line, "}\n");
	report_write(rep, line->str, line->len);
	g_string_free(line, TRUE);
}

/* 1234567 -> "1,234,567" */
static const char *grouped(size_t n, char *buf, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
	for (int i = 0; i < len && (size_t)o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static void progress_print(struct cv_batch_report *rep)
{
	double elapsed = now() - rep->start;
	double rate = elapsed > 0 ? rep->done / elapsed : 0;
	size_t left = rep->plan->count - rep->done;
	char a[32], b[32], eta[32] = "";

	if (rate > 0) {
		unsigned long s = (unsigned long)(left / rate + 0.5);
		snprintf(eta, sizeof eta, ", %lu:%02lu left", s / 60, s % 60);
	}
	fprintf(stderr, "\r%s/%s articles, %zu failed, %.1f/s%s\033[K", grouped(rep->done, a, sizeof a),
	        grouped(rep->plan->count, b, sizeof b), rep->failed, rate, eta);
	fflush(stderr);
	rep->last_progress = now();
}

void cv_batch_report_done(struct cv_batch_report *rep)
{
	rep->done++;
	/* Ten updates a second at most: a terminal is slow to redraw. */
	if (rep->opt->progress && (rep->done == rep->plan->count || now() - rep->last_progress >= 0.1))
		progress_print(rep);
}

size_t cv_batch_report_failures(const struct cv_batch_report *rep)
{
	return rep->failed;
}

void cv_batch_report_interrupt(struct cv_batch_report *rep)
{
	if (rep->opt->progress)
		fputs("\r\033[K", stderr);
}

int cv_batch_report_finish(struct cv_batch_report *rep, struct cv_error *err)
{
	int status = CV_OK;
	char a[32], b[32];

	if (rep->opt->progress)
		fputs("\r\033[K", stderr);
	if (!rep->opt->quiet && (rep->plan->count > 1 || rep->opt->progress)) {
		fprintf(stderr, "%s article%s, ", grouped(rep->plan->count, a, sizeof a), rep->plan->count == 1 ? "" : "s");
		if (!rep->opt->validate)
			fprintf(stderr, "%s output%s, ", grouped(rep->outputs, b, sizeof b), rep->outputs == 1 ? "" : "s");
		if (rep->fresh)
			fprintf(stderr, "%zu up to date, ", rep->fresh);
		fprintf(stderr, "%zu failed, %.1f s\n", rep->failed, now() - rep->start);
	}
	for (size_t i = 0; i < rep->plan->count; i++) {
		if (rep->messages[i])
			fputs(rep->messages[i], stderr);
		g_free(rep->messages[i]);
	}
	if (rep->report_errors)
		status = cv_error_set(err, CV_ERROR_SYSTEM, rep->opt->report, 0, 0, "cannot write the report: %s",
		                      strerror(rep->report_errno));
	if (rep->fd_owned && close(rep->fd) != 0 && status == CV_OK)
		status = cv_error_set(err, CV_ERROR_SYSTEM, rep->opt->report, 0, 0, "cannot write the report: %s",
		                      strerror(errno));
	free(rep->messages);
	free(rep);
	return status;
}

/*
 * error.c: errors as values, and the list of them a check collects.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int cv_error_set(struct cv_error *err, enum cv_error_class klass,
                 const char *file, int line, int column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cv_error_vset(err, klass, file, line, column, fmt, ap);
	va_end(ap);
	return CV_FAIL;
}

int cv_error_vset(struct cv_error *err, enum cv_error_class klass,
                  const char *file, int line, int column, const char *fmt, va_list ap)
{
	if (err == NULL)
		return CV_FAIL;
	err->klass = klass;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = column;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	/* libxml2 messages end with a newline or hold several lines; ours
	 * are one line each, so a message can be grepped and parsed. */
	for (char *nl = strchr(err->message, '\n'); nl != NULL && nl[1] != '\0'; nl = strchr(nl, '\n'))
		*nl = ' ';
	for (size_t n = strlen(err->message); n > 0 && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '); n--)
		err->message[n - 1] = '\0';
	return CV_FAIL;
}

void cv_report_init(struct cv_report *rep)
{
	memset(rep, 0, sizeof *rep);
}

void cv_report_clear(struct cv_report *rep)
{
	free(rep->items);
	cv_report_init(rep);
}

void cv_report_add(struct cv_report *rep, const struct cv_error *err)
{
	if (rep->count >= CV_REPORT_MAX) {
		rep->dropped++;
		return;
	}
	if (rep->count == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 8;
		struct cv_error *items = realloc(rep->items, cap * sizeof *items);
		if (items == NULL) {
			rep->dropped++;
			return;
		}
		rep->items = items;
		rep->cap = cap;
	}
	rep->items[rep->count++] = *err;
}

void cv_error_name_format(struct cv_error *err, const char *format)
{
	size_t n = strlen(format), len = strlen(err->message);

	if (strncmp(err->message, format, n) == 0 && err->message[n] == ':' && err->message[n + 1] == ' ')
		return;
	if (n + 3 > sizeof err->message)
		return;
	/* Shift the message right, losing its end if it no longer fits. */
	if (n + 2 + len + 1 > sizeof err->message)
		len = sizeof err->message - n - 3;
	memmove(err->message + n + 2, err->message, len);
	err->message[n + 2 + len] = '\0';
	memcpy(err->message, format, n);
	memcpy(err->message + n, ": ", 2);
}

/* Writes s with its control characters escaped (\n, \t, \xHH), so a
 * file name holding a newline cannot forge a second message line. */
static void print_escaped(FILE *to, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			fputs("\\n", to);
		else if (*p == '\t')
			fputs("\\t", to);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(to, "\\x%02x", *p);
		else
			fputc(*p, to);
	}
}

/* lead is "" for an error and "warning: " for a warning. */
static void error_print(const struct cv_error *err, const char *lead, FILE *to)
{
	fprintf(to, "convert: %s", lead);
	if (err->file[0]) {
		print_escaped(to, err->file);
		if (err->line > 0)
			fprintf(to, ":%d:%d", err->line, err->column > 0 ? err->column : 1);
		fputs(": ", to);
	}
	print_escaped(to, err->message);
	fputc('\n', to);
}

void cv_error_print(const struct cv_error *err, FILE *to)
{
	error_print(err, "", to);
}

void cv_warning_print(const struct cv_error *warning, FILE *to)
{
	error_print(warning, "warning: ", to);
}

void cv_report_print(const struct cv_report *rep, FILE *to)
{
	for (size_t i = 0; i < rep->count; i++)
		cv_error_print(&rep->items[i], to);
	if (rep->dropped)
		fprintf(to, "convert: ... and %zu more problems\n", rep->dropped);
}

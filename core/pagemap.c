/*
 * pagemap.c: where a paged format's pages begin, asked by another format
 * (cv_job_page_map): the EPUB plugin's page-list cites the PDF's pages
 * without linking the PDF plugin. The core runs the paged plugin's
 * page_map slot on a job of its own that has no output, with the run's
 * parameter values as that plugin sees them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

struct cv_page_entry {
	const xmlNode *node;
	size_t offset;
	char *label;
};

struct cv_page_map {
	struct cv_page_entry *pages;
	size_t count, cap;
	char *edition;
};

/* The node's address: unique while the tree lives, which is the run. */
void cv_document_node_key(const xmlNode *node, char *key, size_t size)
{
	snprintf(key, size, "n%jx", (uintmax_t)(uintptr_t)node);
}

size_t cv_page_map_count(const struct cv_page_map *map)
{
	return map ? map->count : 0;
}

int cv_page_map_lookup(const struct cv_page_map *map, size_t i, const xmlNode **node,
                       size_t *offset, const char **label)
{
	if (map == NULL || i >= map->count)
		return CV_FAIL;
	*node = map->pages[i].node;
	*offset = map->pages[i].offset;
	*label = map->pages[i].label;
	return CV_OK;
}

const char *cv_page_map_edition(const struct cv_page_map *map)
{
	return map && map->edition ? map->edition : "";
}

void cv_page_map_free(struct cv_page_map *map)
{
	if (map == NULL)
		return;
	for (size_t i = 0; i < map->count; i++)
		free(map->pages[i].label);
	free(map->pages);
	free(map->edition);
	free(map);
}

int cv_page_map_add(struct cv_page_map *map, const xmlNode *node, size_t offset,
                    const char *label, struct cv_error *err)
{
	if (node == NULL || node->type != XML_TEXT_NODE || label == NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "a page map names a text node and a label for every page");
	if (map->count == map->cap) {
		size_t cap = map->cap ? 2 * map->cap : 64;
		struct cv_page_entry *grown = realloc(map->pages, cap * sizeof *grown);
		if (grown == NULL)
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		map->pages = grown;
		map->cap = cap;
	}
	char *copy = strdup(label);
	if (copy == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	map->pages[map->count++] = (struct cv_page_entry){node, offset, copy};
	return CV_OK;
}

int cv_page_map_set_edition(struct cv_page_map *map, const char *edition, struct cv_error *err)
{
	char *copy = strdup(edition ? edition : "");
	if (copy == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	free(map->edition);
	map->edition = copy;
	return CV_OK;
}

int cv_job_page_map(struct cv_job *job, const char *format, struct cv_page_map **map,
                    struct cv_error *err)
{
	const struct cv_plugin_entry *e = job->registry ? cv_registry_lookup(job->registry, format) : NULL;
	*map = NULL;
	if (e == NULL)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
		                    "no format \"%s\" is loaded to ask for its pages", format);
	const struct cv_plugin *p = e->plugin;
	if (p->abi_minor < 3 || p->page_map == NULL)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
		                    "format \"%s\" cannot tell where its pages begin", format);
	/* No registry: a page map does not ask for another one. No output:
	 * cv_job_write and cv_job_add_output refuse. */
	struct cv_job sub = {
		.plugin = p,
		.doc = job->doc,
		.cache = job->cache,
		.settings = {p, job->settings.values, job->settings.nvalues},
		.pages = -1,
		.threads = job->threads,
	};
	if (cv_plugin_folder(p, sub.folder, sizeof sub.folder) != CV_OK)
		sub.folder[0] = '\0';
	if (p->check && p->check(&sub.settings, err) != CV_OK) {
		cv_error_name_format(err, p->name);
		return CV_FAIL;
	}
	struct cv_page_map *m = calloc(1, sizeof *m);
	if (m == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	if (p->page_map(&sub, m, err) != CV_OK) {
		cv_page_map_free(m);
		if (err->message[0] == '\0')
			cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "the page map failed without saying why");
		cv_error_name_format(err, p->name);
		return CV_FAIL;
	}
	*map = m;
	return CV_OK;
}

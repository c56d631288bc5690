/*
 * schedule.c: the deferred paragraphs laid out on up to two threads
 * (schedule.h).
 */
#include <string.h>

#include "schedule.h"

/* How far (in flow items) the second thread may lay out ahead of the
 * item the caller last asked for. Pages are drawn and their paragraphs'
 * glyphs freed as pagination goes, so this bounds the glyphs held at once
 * (a page holds some 16 paragraphs); it is ahead enough that pagination
 * seldom waits. */
#define PDF_LAYOUT_AHEAD 64

/* What one thread did: paragraphs laid out, and its first failure. */
struct pdf_worker {
	int blocks;
	int failed;
	struct cv_error err;
};

struct pdf_schedule {
	struct pdf_blocks *bx;
	int threads;
	struct pdf_lane lane;    /* the second thread's fonts */
	struct pdf_worker work[2]; /* 0: the caller's thread, 1: the second */
	/* The work list: deferred paragraphs in reading order, claimed one
	 * at a time by whichever thread is free. */
	int *items;
	int n;
	gint next;               /* atomic: next index of items to claim */
	gint *ready;             /* per flow item: laid out */
	int horizon;             /* the last item the caller asked for: set by
	                          * the caller's thread, under lock */
	/* Under lock: a thread is in g_cond_wait. GLib's GCond makes a
	 * system call on every broadcast, waiter or not; the book's 4,800
	 * paragraphs made 16,000 of them. */
	int main_waits, worker_waits;
	GMutex lock;
	GCond cond;              /* an item is ready, or the horizon moved */
	GThread *thread;
};

/* Lays out the k-th paragraph of the work list on thread t. */
static void pdf_schedule_run(struct pdf_schedule *s, int t, int k)
{
	struct pdf_flow *flow = s->bx->flow;
	struct pdf_block *b = flow->items[s->items[k]].block;
	struct pdf_worker *w = &s->work[t];
	/* Cannot fail: font sizes were checked when the block was read and a
	 * deferred block has no note to read. */
	if (pdf_paragraph_lay_out(s->bx, t == 0 ? s->bx->lane : &s->lane, b,
	                          w->failed ? &(struct cv_error){0} : &w->err) != CV_OK)
		w->failed = 1;
	w->blocks++;
	g_mutex_lock(&s->lock);
	g_atomic_int_set(&s->ready[s->items[k]], 1);
	if (s->main_waits)
		g_cond_broadcast(&s->cond);
	g_mutex_unlock(&s->lock);
}

static gpointer pdf_schedule_worker(gpointer data)
{
	struct pdf_schedule *s = data;
	for (;;) {
		int k = g_atomic_int_add(&s->next, 1);
		if (k >= s->n)
			break;
		int item = s->items[k];
		g_mutex_lock(&s->lock);
		s->worker_waits = 1;
		while (item > s->horizon + PDF_LAYOUT_AHEAD)
			g_cond_wait(&s->cond, &s->lock);
		s->worker_waits = 0;
		g_mutex_unlock(&s->lock);
		pdf_schedule_run(s, 1, k);
	}
	return NULL;
}

static size_t pdf_text_size(xmlNode *n)
{
	size_t s = 0;
	for (xmlNode *c = n->children; c; c = c->next)
		s += c->type == XML_TEXT_NODE ? (size_t)xmlStrlen(c->content) : pdf_text_size(c);
	return s;
}

struct pdf_schedule *pdf_schedule_start(struct pdf_blocks *bx, int threads)
{
	struct pdf_flow *flow = bx->flow;
	struct pdf_schedule *s = g_new0(struct pdf_schedule, 1);
	s->bx = bx;
	s->items = g_new(int, flow->n_items > 0 ? flow->n_items : 1);
	s->ready = g_new0(gint, flow->n_items > 0 ? flow->n_items : 1);
	size_t total = 0;
	for (int i = 0; i < flow->n_items; i++) {
		struct pdf_block *b = flow->items[i].block;
		if (b && b->deferred) {
			s->items[s->n++] = i;
			total += pdf_text_size(b->node);
		} else {
			s->ready[i] = 1;
		}
	}
	g_mutex_init(&s->lock);
	g_cond_init(&s->cond);
	/* Threads pay off only on long articles. */
	s->threads = threads == 2 && s->n >= 32 && total >= 40000 ? 2 : 1;
	if (s->threads == 2) {
		pdf_lane_init(&s->lane, bx->setup->lang, 0);
		/* Without a thread the caller lays everything out itself. */
		s->thread = g_thread_try_new("pdf-layout", pdf_schedule_worker, s, NULL);
	}
	return s;
}

int pdf_schedule_threads(const struct pdf_schedule *s)
{
	return s->threads;
}

void pdf_schedule_need(struct pdf_schedule *s, int item)
{
	if (item >= s->bx->flow->n_items)
		return;
	/* Only this thread moves the horizon, so it reads it unlocked. */
	if (item > s->horizon) {
		g_mutex_lock(&s->lock);
		s->horizon = item;
		if (s->worker_waits)
			g_cond_broadcast(&s->cond);
		g_mutex_unlock(&s->lock);
	}
	while (!g_atomic_int_get(&s->ready[item])) {
		/* Rather than wait, lay out the next paragraph in line. */
		int k = g_atomic_int_add(&s->next, 1);
		if (k < s->n) {
			pdf_schedule_run(s, 0, k);
			continue;
		}
		g_mutex_lock(&s->lock);
		s->main_waits = 1;
		while (!g_atomic_int_get(&s->ready[item]))
			g_cond_wait(&s->cond, &s->lock);
		s->main_waits = 0;
		g_mutex_unlock(&s->lock);
	}
}

int pdf_schedule_finish(struct pdf_schedule *s, struct cv_error *err)
{
	/* Whatever the caller did not need (after a failure) is still laid
	 * out, so every block is whole when freed. */
	g_mutex_lock(&s->lock);
	s->horizon = s->bx->flow->n_items;
	g_cond_broadcast(&s->cond);
	g_mutex_unlock(&s->lock);
	for (;;) {
		int k = g_atomic_int_add(&s->next, 1);
		if (k >= s->n)
			break;
		pdf_schedule_run(s, 0, k);
	}
	if (s->thread)
		g_thread_join(s->thread);
	s->thread = NULL;
	struct pdf_lane *main = s->bx->lane;
	main->unknown_glyphs += s->lane.unknown_glyphs;
	s->lane.unknown_glyphs = 0;
	if (!main->unknown_sample[0])
		memcpy(main->unknown_sample, s->lane.unknown_sample, sizeof main->unknown_sample);
	for (int t = 0; t < 2; t++)
		if (s->work[t].failed) {
			*err = s->work[t].err;
			return CV_FAIL;
		}
	return CV_OK;
}

int pdf_schedule_count(const struct pdf_schedule *s, int t)
{
	return s->work[t].blocks;
}

void pdf_schedule_free(struct pdf_schedule *s)
{
	if (!s)
		return;
	g_mutex_clear(&s->lock);
	g_cond_clear(&s->cond);
	g_free(s->items);
	g_free(s->ready);
	pdf_lane_free(&s->lane);
	g_free(s);
}

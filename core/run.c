/*
 * run.c: running a plan. One article is converted in this process; more
 * are handed out to worker processes, one article at a time, by a parent
 * that only schedules and reports.
 *
 * Why processes and not threads: the schema, the compiled stylesheets and
 * the loaded plugins are made once here and shared copy-on-write, while
 * everything a conversion touches (libxml2's and the plugins' caches,
 * Fontconfig, the PDF plugin's own threads) stays private to its worker;
 * a plugin that crashes takes one article with it, not the batch; and the
 * parent's memory does not grow with the number of articles. A worker
 * lives for many articles so that the stylesheets and fonts it has warmed
 * up serve them all.
 *
 * The parent talks to each worker over two pipes: an article's index
 * goes down, its records (struct wire_record, then the message's bytes)
 * come back, ended by a DONE record. Signals that end a run reach the
 * parent through a signalfd: it passes them on to the workers, reports
 * what had finished, and ends by the same signal.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "batch.h"

/* ------------------------------------------------------------------ */
/* One article                                                          */

typedef void (*record_fn)(void *sink, const struct cv_batch_record *rec);

static unsigned long long ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (unsigned long long)((t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

static int newer(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* Whether some image of the article is as new as the output, or missing. */
static int images_newer(const struct cv_document *doc, const xmlNode *n, const struct timespec *out)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "image") == 0) {
			xmlChar *src = xmlGetProp(n, BAD_CAST "src");
			char path[PATH_MAX];
			struct stat st;
			int stale = src == NULL ||
			            (size_t)snprintf(path, sizeof path, "%s/%s", cv_document_folder(doc), (char *)src) >= sizeof path ||
			            stat(path, &st) != 0 || !newer(out, &st.st_mtim);
			xmlFree(src);
			if (stale)
				return 1;
		}
		if (images_newer(doc, n->children, out))
			return 1;
	}
	return 0;
}

/* --update: the output is newer than its input, its images and the plugin. */
static int output_fresh(const struct cv_batch_env *env, size_t f, const struct cv_document *doc,
                        const char *input, const char *target)
{
	struct stat out, in, plugin;

	if (stat(target, &out) != 0 || !S_ISREG(out.st_mode) || stat(input, &in) != 0 ||
	    !newer(&out.st_mtim, &in.st_mtim))
		return 0;
	if (env->plugin_files && env->plugin_files[f] &&
	    (stat(env->plugin_files[f], &plugin) != 0 || !newer(&out.st_mtim, &plugin.st_mtim)))
		return 0;
	return !images_newer(doc, xmlDocGetRootElement(cv_document_tree(doc)), &out.st_mtim);
}

/*
 * The peak memory of this process while it converts one article, for the
 * report: Linux resets the high-water mark on writing 5 to clear_refs, and
 * shows it as VmHWM. Where that cannot be done, the peak so far.
 */
static void peak_reset(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "5", 1) != 1) {
			/* the peak so far, then */
		}
		close(fd);
	}
}

static long peak_kb(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	const char *hwm;
	struct rusage ru;

	if (fd >= 0)
		close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if ((hwm = strstr(buf, "VmHWM:")) != NULL)
			return strtol(hwm + 6, NULL, 10);
	}
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

/* The lines cv_report_print or cv_error_print would write, as a string. */
static char *message_of(const struct cv_report *rep, const struct cv_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	if (rep)
		cv_report_print(rep, f);
	else
		cv_error_print(err, f);
	fclose(f);
	return text;
}

unsigned cv_batch_threads(unsigned cores, size_t workers)
{
	unsigned share = workers > 0 ? (unsigned)(cores / workers) : cores;
	return share > 0 ? share : 1;
}

/* Loads item i and converts it into every format, one record each, each
 * conversion with a budget of threads. */
static void convert_item(const struct cv_batch_plan *plan, const struct cv_batch_env *env,
                         const struct cv_batch_options *opt, unsigned threads, size_t i,
                         record_fn emit, void *sink)
{
	const char *input = plan->items[i].input;
	struct cv_report rep;
	struct cv_document *doc;
	struct timespec t0;
	struct cv_batch_record rec = {i, -1, CV_BATCH_OK, -1, 0, 0, "", NULL, -1};

	clock_gettime(CLOCK_MONOTONIC, &t0);
	peak_reset();
	cv_report_init(&rep);
	if (cv_document_load(input, env->schema, &doc, &rep)) {
		char *message = message_of(&rep, NULL);
		cv_report_clear(&rep);
		rec.status = CV_BATCH_FAILED;
		rec.message = message ? message : "convert: out of memory\n";
		rec.ms = ms_since(&t0);
		rec.peak_kb = peak_kb();
		if (opt->validate) {
			emit(sink, &rec);
		} else {
			for (size_t f = 0; f < env->nformats; f++) {
				rec.format = (int)f;
				emit(sink, &rec);
			}
		}
		free(message);
		return;
	}
	cv_report_clear(&rep);
	if (opt->validate) {
		rec.ms = ms_since(&t0);
		rec.peak_kb = peak_kb();
		emit(sink, &rec);
	}
	for (size_t f = 0; f < env->nformats && !opt->validate; f++) {
		char target[PATH_MAX];
		struct cv_job_result res = {{0, ""}, -1};
		struct cv_error err;
		char *message = NULL;

		if (f > 0)
			clock_gettime(CLOCK_MONOTONIC, &t0);
		cv_batch_target(plan, i, env->plugins[f], target, sizeof target);
		rec = (struct cv_batch_record){i, (int)f, CV_BATCH_OK, -1, 0, 0, "", NULL, -1};
		if (opt->update && output_fresh(env, f, doc, input, target)) {
			rec.status = CV_BATCH_FRESH;
		} else {
			if (!plan->single)
				cv_batch_make_folders(target);
			if (cv_job_run_result(env->plugins[f], doc, env->cache, env->params, env->nparams, target,
			                      threads, &res, &err)) {
				rec.status = CV_BATCH_FAILED;
				message = message_of(NULL, &err);
				rec.message = message ? message : "convert: out of memory\n";
			} else {
				rec.bytes = res.output.bytes;
				rec.pages = res.pages;
				memcpy(rec.sha256, res.output.sha256, sizeof rec.sha256);
			}
		}
		rec.ms = ms_since(&t0);
		rec.peak_kb = peak_kb();
		emit(sink, &rec);
		free(message);
	}
	cv_document_free(doc);
}

/* ------------------------------------------------------------------ */
/* Signals                                                              */

static const int ending_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static void ending_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof ending_signals / sizeof *ending_signals; i++)
		sigaddset(set, ending_signals[i]);
}

/* In a process that converts: remove what is in progress, then end by
 * the signal, so the caller sees the conventional status (128 + N). */
static void on_ending_signal(int sig)
{
	cv_output_cleanup_on_signal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_ending_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_ending_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof ending_signals / sizeof *ending_signals; i++)
		sigaction(ending_signals[i], &sa, NULL);
	ending_set(&set);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Ends this process by sig, as if it had not been caught. */
static void end_by_signal(int sig)
{
	sigset_t set;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig);
}

/* ------------------------------------------------------------------ */
/* In this process                                                      */

static void emit_here(void *sink, const struct cv_batch_record *rec)
{
	cv_batch_report_record(sink, rec);
}

/* ------------------------------------------------------------------ */
/* Workers                                                              */

enum { WIRE_RECORD = 1, WIRE_DONE = 2 };

struct wire_record {
	uint32_t kind;
	uint32_t item;
	int32_t format;
	int32_t status;
	int32_t pages;
	uint32_t message_len;
	int64_t peak_kb;
	uint64_t bytes;
	uint64_t ms;
	char sha256[65];
};

struct worker {
	pid_t pid;
	int to;             /* the worker's command pipe, or -1 */
	int from;           /* its records, or -1 */
	long item;          /* the article it is on, or -1 */
	int reported;       /* formats of that article reported so far */
	char *buf;          /* bytes read and not yet parsed */
	size_t len, cap;
};

struct pool {
	const struct cv_batch_plan *plan;
	const struct cv_batch_env *env;
	const struct cv_batch_options *opt;
	struct cv_batch_report *rep;
	struct worker *w;
	size_t nworkers;
	unsigned threads;   /* each conversion's budget (cv_batch_threads) */
	size_t next;        /* the next article to hand out */
	int stop;           /* hand out no more (--fail-fast) */
};

static void emit_to_parent(void *sink, const struct cv_batch_record *rec)
{
	int fd = *(int *)sink;
	size_t mlen = rec->message ? strlen(rec->message) : 0;
	struct wire_record w;

	memset(&w, 0, sizeof w);
	w.kind = WIRE_RECORD;
	w.item = (uint32_t)rec->item;
	w.format = rec->format;
	w.status = rec->status;
	w.pages = rec->pages;
	w.message_len = (uint32_t)mlen;
	w.bytes = rec->bytes;
	w.ms = rec->ms;
	w.peak_kb = rec->peak_kb;
	memcpy(w.sha256, rec->sha256, sizeof w.sha256);
	if (cv_fd_write_all(fd, &w, sizeof w) || (mlen && cv_fd_write_all(fd, rec->message, mlen)))
		_exit(1); /* the parent is gone */
}

/* The worker's life: articles' indexes in, records out, until EOF. */
static void worker_main(struct pool *pool, int from_parent, int to_parent, pid_t parent)
{
	uint32_t item;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	catch_ending_signals();
	while (cv_fd_read_exact(from_parent, &item, sizeof item) == 0) {
		struct wire_record done;
		convert_item(pool->plan, pool->env, pool->opt, pool->threads, item, emit_to_parent,
		             &to_parent);
		memset(&done, 0, sizeof done);
		done.kind = WIRE_DONE;
		done.item = item;
		if (cv_fd_write_all(to_parent, &done, sizeof done))
			_exit(1);
	}
	_exit(0);
}

static int worker_start(struct pool *pool, struct worker *w)
{
	int down[2], up[2];
	pid_t parent = getpid(), pid;

	if (pipe2(down, O_CLOEXEC) != 0)
		return CV_FAIL;
	if (pipe2(up, O_CLOEXEC) != 0) {
		close(down[0]);
		close(down[1]);
		return CV_FAIL;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(down[0]);
		close(down[1]);
		close(up[0]);
		close(up[1]);
		return CV_FAIL;
	}
	if (pid == 0) {
		/* Another worker's pipes kept open here would hide its end. */
		for (size_t k = 0; k < pool->nworkers; k++) {
			if (pool->w[k].to >= 0)
				close(pool->w[k].to);
			if (pool->w[k].from >= 0)
				close(pool->w[k].from);
		}
		close(down[1]);
		close(up[0]);
		worker_main(pool, down[0], up[1], parent);
	}
	close(down[0]);
	close(up[1]);
	w->pid = pid;
	w->to = down[1];
	w->from = up[0];
	w->item = -1;
	w->reported = 0;
	w->len = 0;
	return CV_OK;
}

/* Hands w its next article, or closes its pipe so that it ends. */
static void worker_feed(struct pool *pool, struct worker *w)
{
	if (!pool->stop && pool->next < pool->plan->count) {
		uint32_t item = (uint32_t)pool->next;
		if (cv_fd_write_all(w->to, &item, sizeof item) == 0) {
			w->item = (long)pool->next++;
			w->reported = 0;
			return;
		}
	}
	if (w->to >= 0)
		close(w->to);
	w->to = -1;
	w->item = -1;
}

/* Parses the complete records in w's buffer. */
static void worker_parse(struct pool *pool, struct worker *w)
{
	size_t off = 0;

	while (w->len - off >= sizeof(struct wire_record)) {
		struct wire_record r;
		memcpy(&r, w->buf + off, sizeof r);
		if (w->len - off < sizeof r + r.message_len)
			break;
		off += sizeof r;
		if (r.kind == WIRE_DONE) {
			cv_batch_report_done(pool->rep);
			if (pool->opt->fail_fast && cv_batch_report_failures(pool->rep) > 0)
				pool->stop = 1;
			worker_feed(pool, w);
			continue;
		}
		char *message = r.message_len ? g_strndup(w->buf + off, r.message_len) : NULL;
		struct cv_batch_record rec = {r.item, r.format, r.status, r.pages, r.bytes, r.ms, "", message, (long)r.peak_kb};
		memcpy(rec.sha256, r.sha256, sizeof rec.sha256);
		rec.sha256[sizeof rec.sha256 - 1] = '\0';
		off += r.message_len;
		cv_batch_report_record(pool->rep, &rec);
		w->reported = r.format + 1;
		g_free(message);
	}
	memmove(w->buf, w->buf + off, w->len - off);
	w->len -= off;
}

/* Reads what w has sent; returns 0 at its end (EOF). */
static int worker_read(struct pool *pool, struct worker *w)
{
	if (w->cap - w->len < 65536) {
		w->cap = w->cap ? w->cap * 2 : 131072;
		w->buf = g_realloc(w->buf, w->cap);
	}
	ssize_t n = read(w->from, w->buf + w->len, w->cap - w->len);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return 0;
	w->len += (size_t)n;
	worker_parse(pool, w);
	return 1;
}

static void pool_interrupt(struct pool *pool, int sig);

/* w has ended: reaps it and, if it died on an article, reports that
 * article's formats it had not reported as failed. */
static void worker_reap(struct pool *pool, struct worker *w)
{
	int st = 0;

	close(w->from);
	w->from = -1;
	if (w->to >= 0)
		close(w->to);
	w->to = -1;
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	w->pid = -1;
	if (w->item < 0)
		return;
	/* A worker ended by SIGINT, SIGTERM or SIGHUP was told to stop (by a
	 * terminal's ^C, which reaches every process of the group, or by
	 * someone who meant it): the run stops too. */
	if (WIFSIGNALED(st) && WTERMSIG(st) != SIGPIPE)
		for (size_t s = 0; s < sizeof ending_signals / sizeof *ending_signals; s++)
			if (WTERMSIG(st) == ending_signals[s])
				pool_interrupt(pool, WTERMSIG(st));
	char why[128], *message;
	if (WIFSIGNALED(st))
		snprintf(why, sizeof why, "signal %d, %s", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(why, sizeof why, "exit status %d", WEXITSTATUS(st));
	size_t first = (size_t)w->reported, last = pool->opt->validate ? 1 : pool->env->nformats;
	for (size_t f = first; f < last; f++) {
		struct cv_error err;
		const char *name = pool->opt->validate ? "the article loader" : pool->env->plugins[f]->name;
		if (f == first)
			cv_error_set(&err, CV_ERROR_LIBRARY, pool->plan->items[w->item].input, 0, 0,
			             "the %s%s crashed (%s); nothing was written for this article", name,
			             pool->opt->validate ? "" : " plugin", why);
		else
			cv_error_set(&err, CV_ERROR_LIBRARY, pool->plan->items[w->item].input, 0, 0,
			             "not converted to %s: the worker crashed before", name);
		message = message_of(NULL, &err);
		struct cv_batch_record rec = {(size_t)w->item, pool->opt->validate ? -1 : (int)f, CV_BATCH_FAILED,
		                              -1, 0, 0, "", message, -1};
		cv_batch_report_record(pool->rep, &rec);
		free(message);
	}
	w->item = -1;
	cv_batch_report_done(pool->rep);
	if (pool->opt->fail_fast)
		pool->stop = 1;
}

/* Ends the run on sig: the workers are told, what they finish is
 * reported, and this process ends by the same signal. */
static void pool_interrupt(struct pool *pool, int sig)
{
	pool->stop = 1;
	for (size_t k = 0; k < pool->nworkers; k++)
		if (pool->w[k].pid > 0)
			kill(pool->w[k].pid, sig == SIGPIPE ? SIGTERM : sig);
	for (size_t k = 0; k < pool->nworkers; k++) {
		struct worker *w = &pool->w[k];
		if (w->pid <= 0)
			continue;
		while (w->from >= 0 && worker_read(pool, w))
			;
		if (w->from >= 0)
			close(w->from);
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	cv_batch_report_interrupt(pool->rep);
	end_by_signal(sig);
}

static int pool_run(struct pool *pool, int sigfd)
{
	size_t live = 0;
	struct pollfd *fds = calloc(pool->nworkers + 1, sizeof *fds);

	if (fds == NULL)
		return CV_FAIL;
	for (size_t k = 0; k < pool->nworkers; k++) {
		pool->w[k] = (struct worker){-1, -1, -1, -1, 0, NULL, 0, 0};
		if (worker_start(pool, &pool->w[k]) != CV_OK) {
			fprintf(stderr, "convert: cannot start a worker process: %s\n", strerror(errno));
			break;
		}
		live++;
		worker_feed(pool, &pool->w[k]);
	}
	while (live > 0) {
		fds[0] = (struct pollfd){sigfd, POLLIN, 0};
		for (size_t k = 0; k < pool->nworkers; k++)
			fds[k + 1] = (struct pollfd){pool->w[k].from, POLLIN, 0};
		if (poll(fds, pool->nworkers + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si)
				pool_interrupt(pool, (int)si.ssi_signo);
		}
		for (size_t k = 0; k < pool->nworkers; k++) {
			struct worker *w = &pool->w[k];
			if (w->from < 0 || !(fds[k + 1].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (worker_read(pool, w))
				continue;
			worker_reap(pool, w);
			live--;
			/* A worker that crashed is replaced while work remains. */
			if (!pool->stop && pool->next < pool->plan->count && worker_start(pool, w) == CV_OK) {
				live++;
				worker_feed(pool, w);
			}
		}
	}
	free(fds);
	for (size_t k = 0; k < pool->nworkers; k++)
		g_free(pool->w[k].buf);
	if (!pool->stop && pool->next < pool->plan->count) {
		fprintf(stderr, "convert: %zu articles were not converted: no worker process could be started\n",
		        pool->plan->count - pool->next);
		return CV_FAIL;
	}
	return CV_OK;
}

int cv_batch_run(const struct cv_batch_plan *plan, const struct cv_batch_env *env,
                 const struct cv_batch_options *opt)
{
	struct cv_error err;
	struct cv_batch_report *rep = cv_batch_report_new(plan, env, opt, &err);
	int status = CV_OK;

	if (rep == NULL) {
		cv_error_print(&err, stderr);
		return 1;
	}
	if (plan->count == 1) {
		catch_ending_signals();
		convert_item(plan, env, opt, cv_batch_threads(opt->cores, 1), 0, emit_here, rep);
		cv_batch_report_done(rep);
	} else if (plan->count > 1) {
		sigset_t set, old;
		size_t nworkers = opt->jobs < plan->count ? opt->jobs : plan->count;
		struct pool pool = {plan, env, opt, rep, NULL, nworkers, cv_batch_threads(opt->cores, nworkers), 0, 0};
		ending_set(&set);
		sigprocmask(SIG_BLOCK, &set, &old);
		int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
		pool.w = calloc(pool.nworkers, sizeof *pool.w);
		if (sigfd < 0 || pool.w == NULL) {
			fprintf(stderr, "convert: cannot run the workers: %s\n", strerror(errno));
			status = CV_FAIL;
		} else if (pool_run(&pool, sigfd) != CV_OK) {
			status = CV_FAIL;
		}
		/* All ended: a signal still pending ends this process now. */
		struct signalfd_siginfo si;
		if (sigfd >= 0) {
			int fl = fcntl(sigfd, F_GETFL);
			fcntl(sigfd, F_SETFL, fl | O_NONBLOCK);
			if (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
				cv_batch_report_interrupt(rep);
				end_by_signal((int)si.ssi_signo);
			}
			close(sigfd);
		}
		free(pool.w);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	size_t failed = cv_batch_report_failures(rep);
	if (cv_batch_report_finish(rep, &err) != CV_OK) {
		cv_error_print(&err, stderr);
		status = CV_FAIL;
	}
	return status != CV_OK || failed ? 1 : 0;
}

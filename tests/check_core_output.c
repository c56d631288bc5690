/*
 * check_core_output.c: output is atomic: the target appears whole or
 * not at all, its temporary file has no name a crash could leave behind,
 * a device or FIFO is written as a stream and never replaced, and the
 * input is never overwritten.
 */
#include <fcntl.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "testutil.h"
#include "internal.h"

static char dir[PATH_MAX];

static void setup(void) { tu_mkdtemp(dir, sizeof dir); }
static void teardown(void) { tu_rm_rf(dir); }

START_TEST(nothing_shows_until_commit)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	snprintf(target, sizeof target, "%s/out.txt", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "hello", 5, &err), CV_OK);
	ck_assert_msg(!tu_exists(dir, "out.txt"), "target exists before commit");
	/* The temporary has no name: a crash or SIGKILL leaves nothing. */
	ck_assert_msg(tu_count_entries(dir) == 0, "a named temporary file is visible before commit");
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	ck_assert_int_eq(tu_count_entries(dir), 1);
	FILE *f = fopen(target, "r");
	char buf[16] = {0};
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 5);
	fclose(f);
	ck_assert_str_eq(buf, "hello");
	struct stat st;
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_msg((st.st_mode & 0044) != 0 || (umask(022) & 0044), "output keeps mkstemp's 0600 mode");
}
END_TEST

START_TEST(discard_leaves_nothing_and_keeps_an_old_target)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	tu_write_str(dir, "old.txt", "old");
	snprintf(target, sizeof target, "%s/old.txt", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "partial", 7, &err), CV_OK);
	cv_output_discard(o);
	ck_assert_int_eq(tu_count_entries(dir), 1);
	FILE *f = fopen(target, "r");
	char buf[16] = {0};
	ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 3);
	fclose(f);
	ck_assert_str_eq(buf, "old");
	cv_output_discard(NULL);
}
END_TEST

START_TEST(the_input_is_never_the_output)
{
	char target[PATH_MAX], alias[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	tu_write_str(dir, "in.xml", "<article/>");
	snprintf(target, sizeof target, "%s/in.xml", dir);
	snprintf(alias, sizeof alias, "%s/./in.xml", dir);
	ck_assert_int_eq(cv_output_open(alias, target, &o, &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "is the input") != NULL, "got %s", err.message);
	ck_assert_int_eq(tu_count_entries(dir), 1);
}
END_TEST

START_TEST(a_missing_folder_is_an_error_not_a_crash)
{
	struct cv_output *o;
	struct cv_error err;
	ck_assert_int_eq(cv_output_open("/nonexistent/folder/out.pdf", "/x", &o, &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "cannot create the output") != NULL, "got %s", err.message);
	ck_assert_str_eq(err.file, "/nonexistent/folder/out.pdf");
}
END_TEST

/* Small pieces are gathered before they reach the file; what arrives
 * must still be every byte, in order, whatever the mix of sizes. */
START_TEST(small_and_large_writes_arrive_whole_and_in_order)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	size_t total = 0, big = 200000;
	unsigned char *want = malloc(1 << 22), *chunk = malloc(big);
	ck_assert_ptr_nonnull(want);
	ck_assert_ptr_nonnull(chunk);
	snprintf(target, sizeof target, "%s/out.bin", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	for (int i = 0; i < 60000; i++) {
		unsigned char piece[7];
		size_t n = (size_t)(i % 7) + 1;
		for (size_t k = 0; k < n; k++)
			piece[k] = (unsigned char)(i * 7 + k);
		ck_assert_int_eq(cv_output_write(o, piece, n, &err), CV_OK);
		memcpy(want + total, piece, n);
		total += n;
		if (i == 30000) {
			for (size_t k = 0; k < big; k++)
				chunk[k] = (unsigned char)(k * 31);
			ck_assert_int_eq(cv_output_write(o, chunk, big, &err), CV_OK);
			memcpy(want + total, chunk, big);
			total += big;
		}
	}
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	FILE *f = fopen(target, "rb");
	ck_assert_ptr_nonnull(f);
	unsigned char *got = malloc(total + 1);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(fread(got, 1, total + 1, f), total);
	fclose(f);
	ck_assert_msg(memcmp(got, want, total) == 0, "bytes differ");
	free(got);
	free(chunk);
	free(want);
}
END_TEST

/* The bytes and their SHA-256, for the batch report. */
START_TEST(commit_reports_bytes_and_sha256)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_output_result res;
	struct cv_error err;
	snprintf(target, sizeof target, "%s/abc.txt", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "ab", 2, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "c", 1, &err), CV_OK);
	ck_assert_int_eq(cv_output_commit_result(o, &res, &err), CV_OK);
	ck_assert_uint_eq(res.bytes, 3);
	ck_assert_str_eq(res.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

/* A process killed in the middle of an output leaves no file at all. */
START_TEST(a_killed_writer_leaves_nothing)
{
	char target[PATH_MAX];
	int ready[2];
	snprintf(target, sizeof target, "%s/killed.pdf", dir);
	ck_assert_int_eq(pipe(ready), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct cv_output *o;
		struct cv_error err;
		if (cv_output_open(target, "/nonexistent", &o, &err) != CV_OK)
			_exit(1);
		for (int i = 0; i < 1000; i++)
			cv_output_write(o, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64, &err);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c;
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	ck_assert_msg(tu_count_entries(dir) == 0, "SIGKILL left %d files", tu_count_entries(dir));
}
END_TEST

/* A FIFO named by -o gets the bytes and stays a FIFO. */
START_TEST(a_fifo_is_written_as_a_stream_not_replaced)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	struct stat st;
	snprintf(target, sizeof target, "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(target, 0600), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[16] = {0};
		int fd = open(target, O_RDONLY);
		ssize_t n = read(fd, buf, sizeof buf - 1);
		_exit(n == 6 && strcmp(buf, "stream") == 0 ? 0 : 1);
	}
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "stream", 6, &err), CV_OK);
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	int wst;
	waitpid(pid, &wst, 0);
	ck_assert_msg(WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "the reader did not get the bytes");
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert_msg(S_ISFIFO(st.st_mode), "the FIFO was replaced");
	ck_assert_int_eq(tu_count_entries(dir), 1);
}
END_TEST

/* A link to a character device is written through and kept. The device
 * is a null device made here (as root), so that a broken build can only
 * ever replace the test's own node, never the system's /dev/null. */
START_TEST(a_link_to_a_device_is_kept)
{
	char target[PATH_MAX], node[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	struct stat st;
	snprintf(node, sizeof node, "%s/null", dir);
	if (mknod(node, S_IFCHR | 0666, makedev(1, 3)) != 0) {
		/* Not root: the system's null device, checked first. */
		ck_assert_msg(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/dev/null is not a device");
		snprintf(node, sizeof node, "/dev/null");
	}
	snprintf(target, sizeof target, "%s/link", dir);
	ck_assert_int_eq(symlink(node, target), 0);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "gone", 4, &err), CV_OK);
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert_msg(S_ISLNK(st.st_mode), "the link was replaced by a file");
	ck_assert_int_eq(stat(node, &st), 0);
	ck_assert_msg(S_ISCHR(st.st_mode), "the device was replaced by a file");
}
END_TEST

/* A link to a regular file: the file is replaced, the link stays. */
START_TEST(a_link_to_a_file_is_kept_and_its_file_replaced)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	struct stat st;
	tu_write_str(dir, "real.txt", "old");
	snprintf(target, sizeof target, "%s/link.txt", dir);
	ck_assert_int_eq(symlink("real.txt", target), 0);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "new", 3, &err), CV_OK);
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert_msg(S_ISLNK(st.st_mode), "the link was replaced by a file");
	FILE *f = fopen(target, "r");
	char buf[8] = {0};
	ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 3);
	fclose(f);
	ck_assert_str_eq(buf, "new");
	ck_assert_int_eq(tu_count_entries(dir), 2);
}
END_TEST

/* A folder is not replaced: the finished output cannot be moved onto it,
 * and nothing is left beside it. */
START_TEST(a_folder_is_refused)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	struct stat st;
	snprintf(target, sizeof target, "%s/sub", dir);
	ck_assert_int_eq(mkdir(target, 0700), 0);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "x", 1, &err), CV_OK);
	ck_assert_int_eq(cv_output_commit(o, &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "cannot move the output into place") != NULL, "got %s", err.message);
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(tu_count_entries(dir), 1);
}
END_TEST

static Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("atomic");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nothing_shows_until_commit);
	tcase_add_test(tc, discard_leaves_nothing_and_keeps_an_old_target);
	tcase_add_test(tc, the_input_is_never_the_output);
	tcase_add_test(tc, a_missing_folder_is_an_error_not_a_crash);
	tcase_add_test(tc, small_and_large_writes_arrive_whole_and_in_order);
	tcase_add_test(tc, commit_reports_bytes_and_sha256);
	tcase_add_test(tc, a_killed_writer_leaves_nothing);
	tcase_add_test(tc, a_fifo_is_written_as_a_stream_not_replaced);
	tcase_add_test(tc, a_link_to_a_device_is_kept);
	tcase_add_test(tc, a_link_to_a_file_is_kept_and_its_file_replaced);
	tcase_add_test(tc, a_folder_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(output_suite());
}

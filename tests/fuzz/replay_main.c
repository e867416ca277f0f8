/*
 * Replays fuzz inputs as an ordinary test, with no clang and no libFuzzer:
 * links with one harness and calls its LLVMFuzzerTestOneInput once per file
 * of the directories (or files) named on the command line, in name order.
 *
 *   fuzz_replay_value tests/fuzz/corpus/value tests/fuzz/crashes/value
 *
 * A missing directory counts as empty (crashes/NAME exists only once
 * something crashed), but replaying nothing at all is an error: it means a
 * path is wrong. Names starting with '.' are skipped (README, .gitkeep).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not fuzz inputs: refuse rather than load. */
#define REPLAY_MAX_INPUT (16u << 20)

/* Reads a whole file into an allocation of exactly its size, so that the
 * sanitizers catch a harness reading one byte past the input. */
static uint8_t *read_input(const char *path, size_t *size)
{
	FILE *file = fopen(path, "rb");
	uint8_t *data = NULL;
	long length;

	if (file == NULL)
		return NULL;
	if (fseek(file, 0, SEEK_END) != 0 || (length = ftell(file)) < 0 ||
	    (unsigned long)length > REPLAY_MAX_INPUT ||
	    fseek(file, 0, SEEK_SET) != 0)
		goto out;
	/* malloc(0) may give NULL; an empty input still needs a pointer. */
	data = malloc(length > 0 ? (size_t)length : 1);
	if (data == NULL ||
	    fread(data, 1, (size_t)length, file) != (size_t)length) {
		free(data);
		data = NULL;
		goto out;
	}
	*size = (size_t)length;
out:
	fclose(file);
	return data;
}

/* Runs one input; prints its name first, so that the output of a crash
 * (from the sanitizer or a fuzz check) follows the name that caused it. */
static int replay_file(const char *path)
{
	size_t size = 0;
	uint8_t *data = read_input(path, &size);

	if (data == NULL) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	printf("replay: %s (%zu bytes)\n", path, size);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in the directory, in name order (readdir's order is
 * the file system's, and a replay should be the same everywhere). */
static int replay_directory(const char *dir, size_t *replayed)
{
	DIR *handle = opendir(dir);
	struct dirent *entry;
	char **paths = NULL;
	size_t count = 0, cap = 0;
	int status = 0;

	if (handle == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((entry = readdir(handle)) != NULL) {
		struct stat info;
		size_t length;
		char *path;

		if (entry->d_name[0] == '.')
			continue;
		length = strlen(dir) + 1 + strlen(entry->d_name) + 1;
		path = malloc(length);
		if (path == NULL) {
			status = -1;
			break;
		}
		snprintf(path, length, "%s/%s", dir, entry->d_name);
		if (stat(path, &info) != 0 || !S_ISREG(info.st_mode)) {
			free(path);
			continue;
		}
		if (count == cap) {
			size_t bigger = cap ? 2 * cap : 64;
			char **grown = realloc(paths, bigger * sizeof *paths);

			if (grown == NULL) {
				free(path);
				status = -1;
				break;
			}
			paths = grown;
			cap = bigger;
		}
		paths[count++] = path;
	}
	closedir(handle);
	if (count > 0)
		qsort(paths, count, sizeof *paths, compare_names);
	for (size_t i = 0; i < count; i++) {
		if (status == 0 && replay_file(paths[i]) != 0)
			status = -1;
		free(paths[i]);
	}
	free(paths);
	*replayed += status == 0 ? count : 0;
	return status;
}

int main(int argc, char **argv)
{
	size_t replayed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat info;
		int status;

		if (stat(argv[i], &info) == 0 && S_ISREG(info.st_mode)) {
			status = replay_file(argv[i]);
			replayed += status == 0;
		} else {
			status = replay_directory(argv[i], &replayed);
		}
		if (status != 0) {
			fprintf(stderr, "replay: cannot replay %s\n", argv[i]);
			return 1;
		}
	}
	if (replayed == 0) {
		fprintf(stderr, "replay: no inputs found (wrong path?)\n");
		return 1;
	}
	printf("replay: %zu inputs, no crash\n", replayed);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Times a fuzz target, built against the optimised library without
 * sanitizers, on the files given: each is run five times and judged by
 * its fastest run, so that another process on a busy machine is not taken
 * for slowness. Prints the slowest input; exits 1 when one takes more
 * than the budget.
 *
 *   replay_fuzz_x BUDGET_US FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RUNS 5

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	double budget, best, t, worst = 0;
	const char *worst_file = "-";
	int i, r, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s BUDGET_US FILE...\n", argv[0]);
		return 2;
	}
	budget = atof(argv[1]);
	for (i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long size = -1;

		if (f && !fseek(f, 0, SEEK_END))
			size = ftell(f);
		if (size < 0 || fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
			return 2;
		}
		buf = malloc((size_t)size + 1);
		if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
			fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
			return 2;
		}
		fclose(f);
		best = 1e18;
		for (r = 0; r < RUNS; r++) {
			t = now_us();
			LLVMFuzzerTestOneInput(buf, (size_t)size);
			t = now_us() - t;
			if (t < best)
				best = t;
		}
		free(buf);
		if (best > worst) {
			worst = best;
			worst_file = argv[i];
		}
		if (best > budget) {
			printf("over budget: %s takes %.0f us\n", argv[i], best);
			rc = 1;
		}
	}
	printf("%d inputs, slowest %.0f us (%s)\n", argc - 2, worst, worst_file);
	return rc;
}

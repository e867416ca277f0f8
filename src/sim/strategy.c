/*
 * The table of strategies and the lookup by name. Adding a strategy is one
 * new file with its `const struct strategy` and one line here.
 */
#include "sim/strategy.h"

#include <string.h>

static const struct strategy *const all_strategies[] = {
    &strategy_relay,
};

const struct strategy *const *strategy_all(size_t *count)
{
	*count = sizeof all_strategies / sizeof all_strategies[0];
	return all_strategies;
}

const struct strategy *strategy_find(const char *name)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);

	for (size_t i = 0; i < count; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

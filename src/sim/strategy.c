/*
 * The table of strategies and the lookup by name. Adding a strategy is one
 * new file with its `const struct strategy` and one line here. It sits
 * above the tables: nothing they call names it.
 */
#include "sim/strategy.h"

#include <string.h>

#include "sim/sim-internal.h"

static const struct strategy *const all_strategies[] = {
    &strategy_relay,    &strategy_gossip,    &strategy_push_pull,
    &strategy_interval, &strategy_on_change, &strategy_pull,
    &strategy_hybrid,
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

uint32_t strategy_index(const struct strategy *strategy)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);

	for (size_t i = 0; i < count; i++)
		if (all[i] == strategy)
			return (uint32_t)i;
	return 0;
}

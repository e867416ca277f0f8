/*
 * The table of strategies and the lookup by name. Adding a strategy is one
 * new file with its `const struct strategy` and one line here. It sits
 * above the tables: nothing they call names it.
 */
#include "sim/strategy.h"

#include <stdio.h>
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

size_t strategy_names_reaching_all(const char *last, char *buf, size_t cap)
{
	size_t count, listed = 0, len = 0, total = 0;
	const struct strategy *const *all = strategy_all(&count);

	for (size_t i = 0; i < count; i++)
		total += all[i]->reaches_all;
	if (cap > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		int w;

		if (!all[i]->reaches_all)
			continue;
		w = snprintf(buf + len, len < cap ? cap - len : 0, "%s%s",
		             listed == 0           ? ""
		             : listed + 1 == total ? last
		                                   : ", ",
		             all[i]->name);
		if (w > 0)
			len += (size_t)w;
		listed++;
	}
	return len;
}

/*
 * The hooks a strategy names for a moment it does nothing at. They live
 * apart from the registry (strategy.c) so that a strategy's table, which
 * names them, never depends on the file that names every table.
 */
#include "sim/strategy.h"

void strategy_no_node_hook(struct sim *sim, uint32_t node)
{
	(void)sim;
	(void)node;
}

void strategy_no_delivery_hook(struct sim *sim, const struct sim_delivery *msg)
{
	(void)sim;
	(void)msg;
}

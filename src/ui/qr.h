/*
 * The phones' corner of the dashboard: the page's address and the join
 * code, and while the room is empty a QR code of the address (libqrencode,
 * two modules a cell with half blocks) for the room to scan from the
 * projector. Draws on top of the frame; never changes anything else.
 */
#ifndef GCOUNTER_UI_QR_H
#define GCOUNTER_UI_QR_H

#include <stdbool.h>
#include <stdint.h>

/* Draws into the frame being built (before it is presented). */
void qr_draw_panel(const char *url, const char *code, uint32_t seated,
                   uint32_t seats, const char *roster);

#endif

/*
 * While the phones' room is empty, a QR code of the page's address in the
 * dashboard's top right corner (libqrencode, two modules a cell with half
 * blocks) for the room to scan from the projector. Draws on top of the
 * frame; never changes anything else.
 */
#ifndef GCOUNTER_UI_QR_H
#define GCOUNTER_UI_QR_H

/* Draws into the frame being built (before it is presented), from screen
 * row `top` down, at the right edge, if it fits. */
void qr_draw_code(const char *url, int top);

#endif

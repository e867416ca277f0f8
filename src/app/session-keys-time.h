/*
 * The time-travel keys' actions (session-keys-time.c), for the key table
 * in session-keys.c. Each takes the key's argument, as every action does.
 */
#ifndef GCOUNTER_APP_SESSION_KEYS_TIME_H
#define GCOUNTER_APP_SESSION_KEYS_TIME_H

struct session;

void session_act_step_back(struct session *s, int arg);
void session_act_moment_prev(struct session *s, int arg);
void session_act_moment_next(struct session *s, int arg);
void session_act_chapter_prev(struct session *s, int arg);
void session_act_chapter_next(struct session *s, int arg);
void session_act_time_back(struct session *s, int arg);
void session_act_time_forward(struct session *s, int arg);
void session_act_time_start(struct session *s, int arg);
void session_act_time_present(struct session *s, int arg);
void session_act_timeline(struct session *s, int arg);
void session_act_jump_mode(struct session *s, int arg);

#endif

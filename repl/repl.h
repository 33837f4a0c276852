/* repl.h: the interactive shell (`gazette repl`, docs/repl.md). The session itself (what
 * an input means, dot-commands, printing) is Lua, stdlib/repl/; these files read lines,
 * keep the history, complete words and turn Ctrl-C into an interrupt. */
#ifndef GZ_REPL_H
#define GZ_REPL_H

#include "host/gazette.h"

/* Runs the shell on stdin: interactive (prompts, readline, history, completion) when stdin
 * is a terminal, otherwise line by line without prompts. Each of `startup` (e.g. ".db F",
 * ".load M") runs first; one that fails ends the shell with exit status 2. Returns the exit
 * status: 0, or 1 when a piped session had an error. */
int gz_repl(gz_opts *o, int nstartup, char **startup);

/* complete.c: tab completion through readline for the session at registry ref `session`. */
void gz_complete_install(lua_State *L, int session);

#endif

/* batch_progress.c: a progress line on stderr while `gazette run` works, when stderr is a
 * terminal (records done of the total, records per second, time left); nothing otherwise,
 * so logs and pipes stay clean. */
#include <stdio.h>
#include <time.h>

#include "batch/batch.h"

double gz_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void gz_progress_start(gz_progress *p, int on, int64_t total, int64_t done) {
  p->on = on;
  p->start = p->last = gz_now();
  p->total = total;
  p->done = p->done_at_start = done;
}

void gz_progress_update(gz_progress *p, int64_t done, int force) {
  p->done = done;
  if (!p->on) return;
  double now = gz_now();
  if (!force && now - p->last < 0.25) return;
  p->last = now;
  double el = now - p->start;
  double rate = el > 0 ? (double)(done - p->done_at_start) / el : 0;
  char eta[32] = "--:--";
  if (rate > 0) {
    long s = (long)((double)(p->total - done) / rate);
    snprintf(eta, sizeof eta, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  }
  fprintf(stderr, "\r\033[K%lld / %lld records (%.1f%%), %.0f records/s, %s left",
          (long long)done, (long long)p->total, p->total ? 100.0 * (double)done / (double)p->total : 100.0, rate,
          eta);
  fflush(stderr);
}

void gz_progress_end(gz_progress *p) {
  if (!p->on) return;
  fprintf(stderr, "\r\033[K");
  fflush(stderr);
}

// The clock of a shared VM with no frequency file: a chain of dependent adds runs at one per cycle, so adds per
// second bound the clock from below; the best of several short runs filters out the moments another tenant had the
// core. Used by compare-with-pytorch.sh and infer-sitting.sh.
#include <stdio.h>
#include <time.h>
int main(void) {
  double best = 0;
  for (int run = 0; run < 10; run++) {
    struct timespec a, b; long n = 500000000L, r = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) __asm__ volatile("add $1, %0" : "+r"(r));
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ghz = n / ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9) / 1e9;
    if (ghz > best) best = ghz;
  }
  printf("clock_ghz %.2f\n", best);
  return 0;
}

/* fuzz.h: the libFuzzer entry point every target defines; replay.c calls
 * it on seed files so the seeds run under plain `meson test`. */
#ifndef PMDRAFT_FUZZ_H
#define PMDRAFT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

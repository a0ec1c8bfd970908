/* pipeline.h: the whole pmdraft pipeline on one in-memory input, shared by
 * the importer fuzz targets: import -> redact -> classify -> extract -> write. */
#ifndef PMDRAFT_FUZZ_PIPELINE_H
#define PMDRAFT_FUZZ_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

struct importer;

/* Writes data to a memory file, imports it with imp and runs every pass and
 * writer; diagnostics are captured, nothing is printed. */
void fuzz_pipeline(const struct importer *imp, const uint8_t *data, size_t size);

#endif

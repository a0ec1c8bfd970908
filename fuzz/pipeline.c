/* pipeline: see pipeline.h. A memfd gives the importers the path they take. */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "actions.h"
#include "buf.h"
#include "classify.h"
#include "datetime.h"
#include "diag.h"
#include "findings.h"
#include "import.h"
#include "merge.h"
#include "redact.h"
#include "rules.h"
#include "text.h"
#include "write.h"

static struct rule_set *rules(void)
{
	static struct rule_set *rs;
	if (!rs) {
		rs = rules_new();
		rules_load_default(rs, NULL);
		datetime_set_zone("Europe/Amsterdam");
	}
	return rs;
}

static void write_all(const struct incident *inc)
{
	const struct writer *writers[] = {&write_json, &write_html, &write_md};
	struct write_options wo = {true, false, "fuzz"};
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		if (!f)
			abort();
		writers[i]->write(inc, &wo, f);
		fclose(f);
		/* whatever the input held, every draft is valid UTF-8 without NULs */
		if (!text_is_valid_utf8(out, len))
			abort();
		free(out);
	}
}

void fuzz_pipeline(const struct importer *imp, const uint8_t *data, size_t size)
{
	static struct buf sink;
	struct import_options io = {0};
	struct incident inc;
	char path[64];
	int fd = memfd_create("pmdraft-fuzz", 0);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	diag_capture(&sink);
	incident_init(&inc);
	if (imp->load(&inc, path, &io) && diag_exit_status() == EXIT_OK) {
		struct merge_options mo = {NULL};
		incident_sort(&inc);
		merge_incident(&inc, &mo);
		redact_incident(&inc, rules());
		classify_incident(&inc, rules(), NULL);
		actions_extract(&inc, rules(), NULL);
		findings_extract(&inc, rules());
		write_all(&inc);
	}
	incident_finish(&inc);
	close(fd);
	buf_reset(&sink);
	diag_reset();
}

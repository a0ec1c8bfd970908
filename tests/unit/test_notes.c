/* Unit tests: the notes CSV reader (ids by physical line, located errors). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "datetime.h"
#include "diag.h"
#include "import.h"

static struct buf errors;
static char path[] = "/tmp/pmdraft-notes-XXXXXX";

static bool load(struct incident *inc, const char *csv)
{
	struct import_options io = {NULL, NULL};
	FILE *f = fopen(path, "wb");
	fputs(csv, f);
	fclose(f);
	buf_reset(&errors);
	diag_reset();
	incident_init(inc);
	return import_notes.load(inc, path, &io);
}

int main(void)
{
	struct incident inc;
	int fd = mkstemp(path);
	close(fd);
	diag_capture(&errors);
	datetime_set_zone("Europe/Amsterdam");

	CHECK(load(&inc, "\xEF\xBB\xBFtime,phase,note,author\r\n"
			 "2026-06-03 02:14:52,detect,failover,Rosa\r\n"
			 "\r\n"
			 "2026-06-03 04:42,,\"multi\nline, with \"\"quotes\"\"\",Rosa\r\n"
			 "2026-06-03 05:26,resolve,all clear,\r\n"));
	incident_sort(&inc);
	CHECK_INT(inc.nmessages, 3);
	CHECK_STR(inc.messages[0].id, "notes:2");
	CHECK_INT(inc.messages[0].time, 1780445692000000LL);
	CHECK_STR(inc.messages[0].note_phase, "detect");
	CHECK_STR(inc.messages[1].id, "notes:4");
	CHECK_STR(inc.messages[1].text, "multi\nline, with \"quotes\"");
	CHECK(inc.messages[1].note_phase == NULL);
	CHECK_STR(inc.messages[2].id, "notes:6");
	CHECK(inc.messages[2].author == NULL);
	CHECK_INT(inc.sources[0].messages, 3);
	incident_finish(&inc);

	CHECK(load(&inc, "Timestamp;Event;Who\n03.06.2026 02:14;x;y\n") == false);
	CHECK(strstr(buf_str(&errors), ":2:1: error: cannot read time \"03.06.2026 02:14\"") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "when,what\n2026-06-03 02:14,ok\n2026-06-03 02:15,\"unbalanced\n") == false);
	CHECK(strstr(buf_str(&errors), "error:") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "foo,bar\n1,2\n") == false);
	CHECK(strstr(buf_str(&errors), ":1:1: error: the header needs a time column") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "\xFF\xFEt\0i\0") == false);
	CHECK(strstr(buf_str(&errors), "UTF-16") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "time,note,phase\n2026-06-03 02:14,x,sideways\n"));
	CHECK(strstr(buf_str(&errors), ":2:20: warning: unknown phase \"sideways\"") != NULL);
	incident_finish(&inc);

	diag_capture(NULL);
	unlink(path);
	if (check_failures)
		fputs(buf_str(&errors), stderr);
	buf_free(&errors);
	return check_done("notes");
}

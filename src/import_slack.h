/* import_slack: entry points that read Slack input held in memory, for the
 * unit tests and fuzz targets (the command line goes through import_slack in
 * import.h, which reads files, folders and .zip exports). */
#ifndef PMDRAFT_IMPORT_SLACK_H
#define PMDRAFT_IMPORT_SLACK_H

#include <stdbool.h>
#include <stddef.h>

struct incident;

/* One JSON document: a day file (array of messages), an API dump
 * ({"ok":true,"messages":[...]}, slackdump's {"channel_id",...}) or a single
 * message object. Adds a source named `display`; false on an error that made
 * the input unusable (warnings about single messages do not count). */
bool import_slack_buffer(struct incident *inc, const char *data, size_t len,
			 const char *display);
/* A workspace export .zip; channel chooses the conversation as --channel
 * does (NULL when the export holds one). */
bool import_slack_zip_buffer(struct incident *inc, const void *data, size_t len,
			     const char *display, const char *channel);

#endif

/* fuzz_teams: a Teams Graph page or export-tool file through the whole pipeline. */
#include "fuzz.h"
#include "import.h"
#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pipeline(&import_teams, data, size);
	return 0;
}

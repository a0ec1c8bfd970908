# fish completion for pmdraft(1)
function __pmdraft_zones
	set -l tab /usr/share/zoneinfo/zone.tab
	set -q TZDIR; and set tab $TZDIR/zone.tab
	test -r $tab; and awk '!/^#/ { print $3 }' $tab
	echo UTC
end

complete -c pmdraft -l export -r -F -d 'Slack or Teams export'
complete -c pmdraft -l notes -r -F -d 'commander CSV notes'
complete -c pmdraft -l rules -r -F -d 'rule file layered on the built-in rules'
complete -c pmdraft -l users -r -F -d 'Slack users.json'
complete -c pmdraft -l channel -x -d 'conversation to read from a workspace export'
complete -c pmdraft -l tz -x -a '(__pmdraft_zones)' -d 'IANA time zone'
complete -c pmdraft -l notes-tz -x -a '(__pmdraft_zones)' -d 'zone of notes times'
complete -c pmdraft -l notes-columns -x -d 'which notes columns hold time, note, author'
complete -c pmdraft -l title -x -d 'the draft title'
complete -c pmdraft -l date-order -x -a 'dmy mdy' -d 'how to read NN/NN/YYYY'
complete -c pmdraft -l format -x -a 'html md json' -d 'output format'
complete -c pmdraft -s o -l output -r -F -d 'output file'
complete -c pmdraft -l force -d 'replace an existing output file'
complete -c pmdraft -l all -d 'list every message in JSON and Markdown'
complete -c pmdraft -l explain -d 'print how each message was classified'
complete -c pmdraft -l strict -d 'treat warnings as errors'
complete -c pmdraft -l check-rules -d 'compile rule files and run their tests'
complete -c pmdraft -l learn -d 'fit rule weights from labelled cases'
complete -c pmdraft -l lang -x -a 'auto all en de es fr ja pt' -d 'built-in language packs'
complete -c pmdraft -l stamp -d 'note the generation time'
complete -c pmdraft -l quiet -d 'no progress line or summary'
complete -c pmdraft -l redact -d 'mask secrets (the default)'
complete -c pmdraft -l no-redact -d 'write secrets as they are'
complete -c pmdraft -l version -d 'print the version'
complete -c pmdraft -l help -d 'print the help'

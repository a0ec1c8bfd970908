# bash completion for pmdraft(1)
_pmdraft_zones()
{
	local tab=${TZDIR:-/usr/share/zoneinfo}/zone.tab
	[ -r "$tab" ] && awk '!/^#/ { print $3 }' "$tab"
	echo UTC
}

_pmdraft()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--export)
		COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
	--notes|--rules|--users|-o|--output)
		COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
	--format)
		COMPREPLY=($(compgen -W 'html md json' -- "$cur")); return ;;
	--tz|--notes-tz)
		COMPREPLY=($(compgen -W "$(_pmdraft_zones)" -- "$cur")); return ;;
	--date-order)
		COMPREPLY=($(compgen -W 'dmy mdy' -- "$cur")); return ;;
	--lang)
		COMPREPLY=($(compgen -W 'auto all en de es fr ja pt' -- "$cur")); return ;;
	--channel|--title|--notes-columns)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--export --notes --rules --users --channel --tz
			--notes-tz --notes-columns --title --date-order --format --output --force --all --explain
			--strict --check-rules --learn --lang --stamp --quiet --redact
			--no-redact --version --help' -- "$cur"))
		return
	fi
	# --check-rules FILE... and --learn CASE...
	COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null
}
complete -F _pmdraft pmdraft

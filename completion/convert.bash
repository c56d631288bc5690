# bash completion for convert(1). The formats and their parameters come
# from the program itself (--list-formats --names, --help-format NAME
# --names), so a plugin added later is offered as soon as it is loaded.
# `make install PROGRAM=name` installs this as name, changing only the
# last line.

_convert_complete()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	COMPREPLY=()
	case $prev in
	-t|--to|--help-format)
		# A comma list: the words before the last comma stay as typed.
		local head=
		[[ $cur == *,* && $prev != --help-format ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "$("$prog" --list-formats --names 2>/dev/null)" -- "${cur##*,}"))
		return ;;
	-p|--param)
		# The parameters of the formats chosen so far, or of all formats.
		local i w formats= names= f
		for ((i = 1; i < COMP_CWORD; i++)); do
			w=${COMP_WORDS[i]}
			case $w in
			-t|--to)
				# bash splits --to=pdf at the =: "--to" "=" "pdf".
				w=${COMP_WORDS[i+1]}
				[ "$w" = = ] && w=${COMP_WORDS[i+2]}
				formats="$formats ${w//,/ }" ;;
			--to=*) w=${w#--to=}; formats="$formats ${w//,/ }" ;;
			esac
		done
		[ -n "$formats" ] || formats=$("$prog" --list-formats --names 2>/dev/null)
		for f in $formats; do
			names="$names $("$prog" --help-format "$f" --names 2>/dev/null)"
		done
		COMPREPLY=($(compgen -S = -W "$names" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	-o|--output|--report|--files-from)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-j|--jobs)
		COMPREPLY=($(compgen -W "1 2 4 8 $(nproc 2>/dev/null)" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		# The options --help lists, one per line's first words.
		COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
			awk '$1 ~ /^-/ { sub(/,$/, "", $1); print $1; if ($2 ~ /^--/) print $2 }')" -- "$cur"))
		return
	fi
	# Inputs: articles and folders of articles.
	COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _convert_complete convert

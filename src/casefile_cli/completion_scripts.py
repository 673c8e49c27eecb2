"""The completion scripts for bash, zsh and fish (`casefile --show-completion
SHELL`), and where `--install-completion SHELL` puts them. Each calls
casefile back with the words of the line (see completion.py)."""

from __future__ import annotations

from pathlib import Path

BASH = r"""# casefile completion for bash: source this file, e.g. from ~/.bashrc
_casefile_completion() {
    local IFS=$'\n'
    COMPREPLY=( $( _CASEFILE_COMPLETE=bash COMP_CWORD="$COMP_CWORD" \
                   "${COMP_WORDS[0]}" "${COMP_WORDS[@]:1}" 2>/dev/null ) )
    return 0
}
complete -o default -F _casefile_completion casefile
"""

ZSH = r"""#compdef casefile
# casefile completion for zsh: put this file in a directory of $fpath as _casefile
_casefile() {
    local -a lines values shown
    local line
    lines=("${(@f)$(_CASEFILE_COMPLETE=zsh COMP_CWORD=$((CURRENT - 1)) \
        "${words[1]}" "${(@Q)words[2,-1]}" 2>/dev/null)}")
    for line in "${lines[@]}"; do
        [[ -z "$line" ]] && continue
        values+=("${line%%$'\t'*}")
        if [[ "$line" == *$'\t'* ]]; then
            shown+=("${line%%$'\t'*}  -- ${line#*$'\t'}")
        else
            shown+=("${line}")
        fi
    done
    if (( ${#values} )); then
        compadd -l -d shown -a values
    else
        _files
    fi
}
if [[ "$funcstack[1]" == "_casefile" ]]; then
    _casefile "$@"
else
    compdef _casefile casefile
fi
"""

FISH = r"""# casefile completion for fish: put this file in ~/.config/fish/completions/
function __casefile_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l found (env _CASEFILE_COMPLETE=fish COMP_CWORD=(math (count $words) - 1) \
        $words[1] $words[2..-1] 2>/dev/null)
    if test (count $found) -eq 0
        __fish_complete_path (commandline -ct)
    else
        printf '%s\n' $found
    end
end
complete -c casefile -f -a '(__casefile_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def completion_script(shell: str) -> str:
    return SCRIPTS[shell]


def install(shell: str, home: Path | None = None) -> Path:
    """Write the script where the shell looks for it (and, for bash and zsh,
    the line in the shell's rc file that loads it); the path written."""
    home = home or Path.home()
    if shell == "fish":
        target = home / ".config" / "fish" / "completions" / "casefile.fish"
        rc, line = None, ""
    elif shell == "zsh":
        target = home / ".zfunc" / "_casefile"
        rc, line = home / ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    else:
        target = home / ".bash_completions" / "casefile.sh"
        rc, line = home / ".bashrc", "source ~/.bash_completions/casefile.sh"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SCRIPTS[shell], encoding="utf-8")
    if rc is not None:
        existing = rc.read_text(encoding="utf-8") if rc.exists() else ""
        if line not in existing:
            with rc.open("a", encoding="utf-8") as file:
                file.write(f"\n{line}\n")
    return target

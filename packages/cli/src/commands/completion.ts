import type { CommandContext } from '../command-context.js';
import { COMMANDS } from '../command-specs.js';
import { flagsOf } from '../common-flags.js';
import type { FlagSpec } from '../flag-spec.js';
import { positionals } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

/** `mldeploy completion bash|zsh`: a completion script built from the command table. */
export default async function completion(ctx: CommandContext): Promise<number> {
  const [shell] = positionals(ctx.spec, ctx.args, 1, 1);
  if (shell === 'bash') {
    ctx.out.line(bashScript());
  } else if (shell === 'zsh') {
    ctx.out.line(zshScript());
  } else {
    throw new UsageError(`unsupported shell [${shell}]`, 'supported: bash, zsh');
  }
  return 0;
}

/** Every flag of every command once, by name: the values a flag takes do not depend on the command. */
function everyFlag(): Array<[string, FlagSpec]> {
  const byName = new Map<string, FlagSpec>();
  for (const [name, flag] of COMMANDS.flatMap((c) => Object.entries(flagsOf(c)))) {
    if (!byName.has(name)) {
      byName.set(name, flag);
    }
  }
  return [...byName];
}

function bashScript(): string {
  const cases = COMMANDS.map(
    (c) =>
      `    ${c.name}) flags="${Object.keys(flagsOf(c))
        .map((n) => `--${n}`)
        .join(' ')}" ;;`,
  ).join('\n');
  const valueCases = everyFlag()
    .filter(([, f]) => f.choices || f.file)
    .map(([name, f]) => {
      const words = f.choices ? `-W "${f.choices.join(' ')}"` : '-f';
      return `    ${f.short ? `-${f.short}|` : ''}--${name}) COMPREPLY=( $(compgen ${words} -- "$cur") ); return ;;`;
    })
    .join('\n');
  return `# mldeploy bash completion: source this file, or put it in /etc/bash_completion.d/
_mldeploy() {
  local cur prev cmd flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${COMMANDS.map((c) => c.name).join(' ')} help --help --version" -- "$cur") )
    return
  fi
  case "$prev" in
${valueCases}
  esac
  case "$cmd" in
${cases}
    completion) COMPREPLY=( $(compgen -W "bash zsh" -- "$cur") ); return ;;
    *) flags="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags" -- "$cur") )
  elif [ "$cmd" = validate ]; then
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -F _mldeploy mldeploy`;
}

function zshValue(flag: FlagSpec): string {
  const label = (flag.value ?? '').replace(/[|:]/g, ' ');
  if (flag.file) {
    return `:${label}:_files`;
  }
  return flag.choices ? `:${label}:(${flag.choices.join(' ')})` : `:${label}:`;
}

function zshScript(): string {
  const zshEscape = (s: string) => s.replace(/'/g, "'\\''").replace(/[[\]:]/g, '\\$&');
  const commands = COMMANDS.map((c) => `    '${c.name}:${zshEscape(c.summary)}'`).join('\n');
  const cases = COMMANDS.map((c) => {
    const specs = Object.entries(flagsOf(c))
      .map(
        ([name, f]) => `'--${name}[${zshEscape(f.description)}]${f.kind === 'boolean' ? '' : zshValue(f)}'`,
      )
      .join(' \\\n        ');
    return `    ${c.name})\n      _arguments \\\n        ${specs} \\\n        '*:argument:_files' ;;`;
  }).join('\n');
  return `#compdef mldeploy
# mldeploy zsh completion: source <(mldeploy completion zsh), or save as _mldeploy in your $fpath
_mldeploy() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local cmd=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $cmd in
${cases}
  esac
}
if [ "$funcstack[1]" = "_mldeploy" ]; then
  _mldeploy "$@"
else
  compdef _mldeploy mldeploy
fi`;
}

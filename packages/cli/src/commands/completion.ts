import { ALLOCATION_STATES, PRIORITIES } from '@mldeploy/core/defaults';
import type { CommandContext } from '../command-context.js';
import { COMMANDS, flagsOf } from '../command-specs.js';
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

function flagWords(name: string): string {
  const spec = COMMANDS.find((c) => c.name === name);
  return spec
    ? flagsOf(spec)
        .map((f) => `--${f.name}`)
        .join(' ')
    : '';
}

// Flags whose values are known words or files; the others take free text.
const VALUE_CHOICES: Record<string, string> = {
  'wait-for': ALLOCATION_STATES.join(' '),
  priority: PRIORITIES.join(' '),
  output: 'human json',
};

function bashScript(): string {
  const cases = COMMANDS.map((c) => `    ${c.name}) flags="${flagWords(c.name)}" ;;`).join('\n');
  const choiceCases = Object.entries(VALUE_CHOICES)
    .map(([flag, words]) => {
      const short = COMMANDS.flatMap(flagsOf).find((f) => f.name === flag)?.short;
      return `    ${short ? `-${short}|` : ''}--${flag}) COMPREPLY=( $(compgen -W "${words}" -- "$cur") ); return ;;`;
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
    --ca-cert) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
${choiceCases}
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

function zshValue(name: string, placeholder: string): string {
  const label = placeholder.replace(/[|:]/g, ' ');
  if (name === 'ca-cert') {
    return `:${label}:_files`;
  }
  const choices = VALUE_CHOICES[name];
  return choices ? `:${label}:(${choices})` : `:${label}:`;
}

function zshScript(): string {
  const zshEscape = (s: string) => s.replace(/'/g, "'\\''").replace(/[[\]:]/g, '\\$&');
  const commands = COMMANDS.map((c) => `    '${c.name}:${zshEscape(c.summary)}'`).join('\n');
  const cases = COMMANDS.map((c) => {
    const specs = flagsOf(c)
      .map((f) => `'--${f.name}[${zshEscape(f.description)}]${f.value ? zshValue(f.name, f.value) : ''}'`)
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

import { readFileSync } from 'node:fs';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { MODEL_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

const ACTIONS = ['put', 'vocabulary', 'upload', 'delete', 'alias'] as const;

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFile(path).toString('utf8'));
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(`${path} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * `mldeploy model <action> <model-id> [file|alias]`: a model's life from a terminal
 * (docs/model-lifecycle.md). `put` creates it from a JSON config, `vocabulary` stores a JSON
 * vocabulary, `upload` sends a model file in eland's base64 parts (one progress line per part on
 * stderr), `alias` points (or `--remove`s) an alias, `delete` removes the model.
 */
export default async function model(ctx: CommandContext<typeof MODEL_FLAGS>): Promise<number> {
  const [action = '', id = '', extra] = positionals(ctx.spec, ctx.args, 2, 3);
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`unknown action [${action}]: expected one of ${ACTIONS.join(', ')}`);
  }
  const needsExtra = action !== 'delete';
  if (needsExtra && extra === undefined) {
    throw new UsageError(`mldeploy model ${action} needs ${action === 'alias' ? 'an alias' : 'a file'}`);
  }
  const input = extra ?? '';
  const { client } = await connect(ctx);
  const ok = (text: string) => `${ctx.out.colors.green('✓')} ${text}`;
  switch (action) {
    case 'put': {
      const created = await client.putModel(id, readJson(input) as never);
      ctx.out.result(created, () => ok(`created ${id}`));
      return 0;
    }
    case 'vocabulary': {
      await client.putVocabulary(id, readJson(input) as never);
      ctx.out.result({ model_id: id, acknowledged: true }, () => ok(`stored the vocabulary of ${id}`));
      return 0;
    }
    case 'upload': {
      const bytes = new Uint8Array(readFile(input));
      const chunk = ctx.flags['chunk-size'];
      let parts = 0;
      await client.uploadDefinition(id, bytes, {
        ...(chunk !== undefined ? { chunkSize: chunk } : {}),
        onPart: (part, total) => {
          parts = total;
          ctx.out.note(`part ${part + 1}/${total} stored\n`);
        },
      });
      ctx.out.result({ model_id: id, bytes: bytes.length, parts }, () =>
        ok(`uploaded ${bytes.length} bytes of ${id} in ${parts} part${parts === 1 ? '' : 's'}`),
      );
      return 0;
    }
    case 'alias': {
      if (ctx.flags.remove) {
        await client.deleteModelAlias(id, input);
        ctx.out.result({ model_id: id, model_alias: input, removed: true }, () =>
          ok(`removed alias ${input}`),
        );
        return 0;
      }
      await client.putModelAlias(id, input, { reassign: ctx.flags.reassign });
      ctx.out.result({ model_id: id, model_alias: input }, () => ok(`${input} → ${id}`));
      return 0;
    }
    default: {
      await client.deleteModel(id, { force: ctx.flags.force });
      ctx.out.result({ model_id: id, deleted: true }, () => ok(`deleted ${id}`));
      return 0;
    }
  }
}

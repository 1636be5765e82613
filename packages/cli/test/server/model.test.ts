// `mldeploy model put|vocabulary|upload|alias|delete`: the built binary against the real mock
// (clean seed), each step as a person would type it; errors are one line and a non-zero exit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const mock = useMockServer({ clock: 'manual' });
const CLEAN = new URL('../../../mock-server/seeds/clean.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mldeploy-model-'));
const cli = (args: string[]) => runCli(args, { env: { ELASTICSEARCH_URL: mock.url } });
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('mldeploy model', () => {
  beforeEach(async () => {
    await mock.server.reset(CLEAN);
  });

  it('creates, uploads with one progress line per part, aliases and deletes a model', async () => {
    const config = file(
      'config.json',
      JSON.stringify({ model_type: 'pytorch', inference_config: { ner: {} } }),
    );
    let r = await cli(['model', 'put', 'my-ner', config, '-o', 'human']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('created my-ner');
    r = await cli([
      'model',
      'vocabulary',
      'my-ner',
      file('vocab.json', '{"vocabulary":["[PAD]","[UNK]"]}'),
      '--json',
    ]);
    expect(jsonOf(r).data).toEqual({ model_id: 'my-ner', acknowledged: true });
    r = await cli([
      'model',
      'upload',
      'my-ner',
      file('model.pt', new Uint8Array(10)),
      '--chunk-size',
      '4',
      '-o',
      'human',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['part 1/3 stored', 'part 2/3 stored', 'part 3/3 stored']);
    expect(r.stdout).toContain('uploaded 10 bytes of my-ner in 3 parts');
    const got = (await fetch(`${mock.url}/_ml/trained_models/my-ner?include=definition_status`).then((x) =>
      x.json(),
    )) as { trained_model_configs: { fully_defined?: boolean }[] };
    expect(got.trained_model_configs[0]?.fully_defined).toBe(true);
    r = await cli(['model', 'alias', 'my-ner', 'ner', '--json']);
    expect(jsonOf(r).data).toEqual({ model_id: 'my-ner', model_alias: 'ner' });
    r = await cli(['model', 'alias', 'my-ner', 'ner', '--remove', '--json']);
    expect(jsonOf(r).data).toMatchObject({ removed: true });
    r = await cli(['model', 'delete', 'my-ner', '--json']);
    expect(jsonOf(r).data).toEqual({ model_id: 'my-ner', deleted: true });
  });

  it("answers Elasticsearch's refusal in one line with a non-zero exit", async () => {
    const r = await cli([
      'model',
      'put',
      'Bad',
      file('bad.json', '{"model_type":"pytorch","inference_config":{"ner":{}}}'),
      '-o',
      'human',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')[0]).toContain(
      "Invalid model_id; 'Bad' can contain lowercase alphanumeric",
    );
    const usage = await cli(['model', 'rename', 'x', '-o', 'human']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown action [rename]');
  });
});

describe('mldeploy status, with models not deployed', () => {
  it('lists an uploaded model and an Elastic model still downloading', async () => {
    await mock.server.reset(CLEAN);
    const config = file(
      'config2.json',
      JSON.stringify({ model_type: 'pytorch', inference_config: { ner: {} } }),
    );
    expect((await cli(['model', 'put', 'uploaded', config])).code).toBe(0);
    await cli(['model', 'upload', 'uploaded', file('m.pt', new Uint8Array(3))]);
    await fetch(`${mock.url}/_ml/trained_models/.elser_model_2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"input":{"field_names":["text_field"]}}',
    });
    const json = jsonOf(await cli(['status', '--json']));
    expect(json.data.models).toEqual([
      { model_id: '.elser_model_2', state: 'downloading' },
      { model_id: 'uploaded', state: 'ready' },
    ]);
    const human = await cli(['status', '-o', 'human']);
    expect(human.stdout).toMatch(/not deployed:\n {2}\.elser_model_2 {2}downloading\n {2}uploaded {8}ready/);
  });
});

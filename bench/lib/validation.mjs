// Validation: core's `checkUpdateRequest` (the whole REST layer of `_update` from raw text) and
// the typed validator `validateUpdateBody` (AJV, on a parsed body), each against a hand-written
// check of the same rules (the practical limit) and against zod 4 doing the same.
import { validateUpdateBody } from '@mldeploy/core';
import { checkUpdateRequest } from '@mldeploy/core/rules';
import { handCheckUpdateRequest, handValidateUpdateBody } from './hand-check.mjs';
import { compareSync, fmtNs } from './measure.mjs';
import { zodCheckUpdateRequest, zodValidateUpdateBody } from './zod-check.mjs';

const ID = 'my-model';

/** Bodies every implementation accepts. */
export const VALID_BODIES = [
  '{"number_of_allocations":4}',
  '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":1,"max_number_of_allocations":8}}',
  '{"number_of_allocations":3,"adaptive_allocations":{"enabled":false}}',
  '{"adaptive_allocations":null}',
  '{"adaptive_allocations":{"min_number_of_allocations":null}}',
  `{"model_id":"${ID}","number_of_allocations":2,"timeout":"10s"}`,
];

/** Bodies every implementation rejects, one per kind of rule. */
export const INVALID_BODIES = [
  '{"number_of_allocations":0}',
  '{"numbr_of_allocations":2}',
  '{"number_of_allocations":"abc"}',
  '{"number_of_allocations":null}',
  '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":2}}',
  '{"number_of_allocations":2,"adaptive_allocations":{"enabled":true}}',
  '{"adaptive_allocations":{"enabled":true,"minimum":1}}',
  '{"model_id":"other","number_of_allocations":2}',
];

const stripLocation = (reason) => (typeof reason === 'string' ? reason.replace(/^\[\d+:\d+\] /, '') : reason);

/** The hand-written baseline must agree with core, or its speed proves nothing. */
function assertSameAnswers(bodies) {
  for (const body of bodies) {
    const a = checkUpdateRequest({ modelId: ID, body });
    const b = handCheckUpdateRequest({ modelId: ID, body });
    const z = zodCheckUpdateRequest({ modelId: ID, body });
    if (a.ok !== b.ok || a.ok !== z.ok) {
      throw new Error(`validation subjects disagree on ${body}: core ${a.ok}, hand ${b.ok}, zod ${z.ok}`);
    }
    if (!a.ok) {
      const ea = a.error.body.error;
      const eb = b.error.body.error;
      if (ea.type !== eb.type || stripLocation(ea.reason) !== eb.reason) {
        throw new Error(`hand-written check answers differently for ${body}: ${eb.reason} vs ${ea.reason}`);
      }
    }
    const parsed = JSON.parse(body);
    const shapeCore = validateUpdateBody(parsed).ok;
    if (shapeCore !== handValidateUpdateBody(parsed).ok || shapeCore !== zodValidateUpdateBody(parsed).ok) {
      throw new Error(`shape validators disagree on ${body}`);
    }
  }
}

function rows(kind, bodies, subjectName, measured, target) {
  const hand = measured.hand;
  const out = [];
  for (const [name, label] of [
    ['core', subjectName],
    ['zod', 'zod 4, same rules'],
  ]) {
    const ratio = measured[name] / hand;
    out.push({
      benchmark: 'validation',
      subject: `${label}, ${bodies.length} ${kind} bodies: ${fmtNs(measured[name])}/call`,
      baseline: `hand-written: ${fmtNs(hand)}/call`,
      ratio,
      ratioText: `${ratio.toFixed(2)}x time`,
      target: name === 'core' ? target : '',
      met: name === 'core' ? ratio <= 2 : null,
    });
  }
  return out;
}

/** Runs the validation benchmarks; answers table rows. */
export function runValidation({ quick = false } = {}) {
  assertSameAnswers([...VALID_BODIES, ...INVALID_BODIES]);
  const opts = quick ? { rounds: 3, sampleMs: 10 } : { rounds: 9, sampleMs: 40 };
  const out = [];
  for (const [kind, bodies] of [
    ['valid', VALID_BODIES],
    ['invalid', INVALID_BODIES],
  ]) {
    const raw = bodies.map((body) => ({ modelId: ID, body }));
    const full = compareSync(
      { core: checkUpdateRequest, hand: handCheckUpdateRequest, zod: zodCheckUpdateRequest },
      raw,
      opts,
    );
    out.push(...rows(kind, bodies, '`checkUpdateRequest` (raw text)', full, '≤ 2x'));
  }
  // The shape validator only sees types, ranges and unknown keys: its invalid set is the bodies
  // whose shape is wrong (cross-field rules and ids are checkUpdateRequest's).
  const badShape = INVALID_BODIES.filter((b) => !validateUpdateBody(JSON.parse(b)).ok);
  for (const [kind, bodies] of [
    ['valid', VALID_BODIES],
    ['ill-shaped', badShape],
  ]) {
    const parsed = bodies.map((b) => JSON.parse(b));
    const shape = compareSync(
      { core: validateUpdateBody, hand: handValidateUpdateBody, zod: zodValidateUpdateBody },
      parsed,
      opts,
    );
    out.push(...rows(kind, bodies, '`validateUpdateBody` (parsed)', shape, '≤ 2x'));
  }
  return out;
}

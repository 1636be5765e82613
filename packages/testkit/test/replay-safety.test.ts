// The replay-safety list denies by default: a stateful case is replayed on a user's deployment
// only when the endpoint table marks its endpoint as safe to replay there.
import { describe, expect, it } from 'vitest';
import { CASE_ENDPOINT_EFFECTS, CASE_ENDPOINT_NAMES, replayRefusal } from '../src/index.js';

describe('replay safety', () => {
  it('lets the endpoints verify restores replay, and says why the others are refused', () => {
    expect(replayRefusal('update')).toBeUndefined();
    expect(replayRefusal('stop')).toBeUndefined();
    expect(replayRefusal('inferenceUpdate')).toBe('changes an inference endpoint');
    expect(replayRefusal('clearDeploymentCache')).toContain('inference cache');
  });

  it('refuses an endpoint the table does not know', () => {
    expect(replayRefusal('deleteTrainedModel')).toBe('is not an endpoint known to be safe to replay');
    expect(replayRefusal('__proto__')).toBe('is not an endpoint known to be safe to replay');
  });

  it('classifies every endpoint of the table', () => {
    for (const name of CASE_ENDPOINT_NAMES) {
      expect(['read', 'write', 'destroy'], name).toContain(CASE_ENDPOINT_EFFECTS[name].effect);
      expect(typeof CASE_ENDPOINT_EFFECTS[name].replayOnDeployment, name).toBe('boolean');
    }
  });
});

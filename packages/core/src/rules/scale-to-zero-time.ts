// How long the adaptive scaler waits without requests before it scales a deployment to zero
// (AdaptiveAllocationsScalerService, MachineLearning.SCALE_TO_ZERO_AFTER_NO_REQUESTS_TIME; ES
// #128914). See docs/scaler.md and docs/versions.md.
import { OTHER_MESSAGES } from '../errors/messages.js';
import { supports } from '../versions.js';
import { parseTimeValue } from './time-value.js';

/** The cluster setting's name. */
export const SCALE_TO_ZERO_SETTING = 'xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time';

/** Its default from 9.1: 24 hours. */
export const SCALE_TO_ZERO_DEFAULT_MS = 24 * 60 * 60_000;

/** Its minimum, and the fixed time before 9.1: 15 minutes. */
export const SCALE_TO_ZERO_MINIMUM_MS = 15 * 60_000;

/**
 * Checks a value of the setting: a time value of at least 15m. Answers the milliseconds, or the
 * message `Setting.timeSetting` refuses it with.
 */
export function checkScaleToZeroTime(
  value: string,
): { ok: true; ms: number } | { ok: false; message: string } {
  const parsed = parseTimeValue(value, SCALE_TO_ZERO_SETTING);
  if (!parsed.ok) {
    const body = parsed.error.body.error;
    return { ok: false, message: typeof body === 'string' ? body : (body.reason ?? '') };
  }
  if (parsed.millis < SCALE_TO_ZERO_MINIMUM_MS) {
    return { ok: false, message: OTHER_MESSAGES.settingBelowMinimum(value, SCALE_TO_ZERO_SETTING, '15m') };
  }
  return { ok: true, ms: parsed.millis };
}

/**
 * The time for a server of `version`: the setting's value (or its 24 h default) from 9.1, a fixed
 * 15 minutes before, where the setting does not exist.
 */
export function scaleToZeroTimeMs(version: string, setting?: string): number {
  if (!supports(version, 'scaleToZeroSetting')) {
    return SCALE_TO_ZERO_MINIMUM_MS;
  }
  if (setting === undefined) {
    return SCALE_TO_ZERO_DEFAULT_MS;
  }
  const checked = checkScaleToZeroTime(setting);
  return checked.ok ? checked.ms : SCALE_TO_ZERO_DEFAULT_MS;
}

// The cluster setting `xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time` as the
// mock takes it (seed `cluster.scale_to_zero_time`, `PUT /_mock/settings`): only a version that
// has it (9.1 on), and only a value Setting.timeSetting accepts (at least 15m). docs/scaler.md.
import {
  checkScaleToZeroTime,
  FEATURE_VERSIONS,
  SCALE_TO_ZERO_SETTING,
  supports,
} from '@mldeploy/core/rules';

/** Why a value of the setting is refused for a server of `version`, or undefined. */
export function scaleToZeroSettingProblem(version: string, value: string): string | undefined {
  if (!supports(version, 'scaleToZeroSetting')) {
    return `Elasticsearch ${version} has no setting [${SCALE_TO_ZERO_SETTING}] (from ${FEATURE_VERSIONS.scaleToZeroSetting})`;
  }
  const checked = checkScaleToZeroTime(value);
  return checked.ok ? undefined : checked.message;
}

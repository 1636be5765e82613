/** The export name of an endpoint's generated response validator: `update` → `updateResponse`. */
export function responseValidatorName(key: string): string {
  return `${key}Response`;
}

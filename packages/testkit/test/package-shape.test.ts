import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURE, EXAMPLE_DEPLOYMENT_ID, updateDeploymentCases } from '../src/index.js';
import { describePackageShape } from '../src/vitest.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

describePackageShape(pkgDir);

describe('the language-neutral cases', () => {
  it('are exported as JSON, generated from the TypeScript cases by the build', () => {
    const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8'));
    expect(pkg.exports['./cases.json']).toBe('./dist/cases/update-deployment.json');
    const document = JSON.parse(
      readFileSync(new URL('../dist/cases/update-deployment.json', import.meta.url), 'utf8'),
    );
    expect(document.version).toBe(pkg.version);
    expect(document.exampleDeploymentId).toBe(EXAMPLE_DEPLOYMENT_ID);
    expect(document.defaultFixture).toEqual(DEFAULT_FIXTURE);
    // Round-tripped: nothing in a case is lost in JSON (no undefined, no functions).
    expect(document.updateDeploymentCases).toEqual(JSON.parse(JSON.stringify(updateDeploymentCases)));
    expect(document.updateDeploymentCases).toEqual(updateDeploymentCases);
  });
});

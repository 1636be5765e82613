import type { CaseResult } from '@mldeploy/testkit';

// XML 1.0 allows tab, newline, carriage return and characters from U+0020 on (less the surrogates
// and U+FFFE/U+FFFF); anything else a server answered is replaced so the report always parses.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text escaped for XML attributes and element content. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The results as a JUnit XML report: one testsuite, one testcase per case (classname safe/stateful). */
export function junitReport(results: readonly CaseResult[], url: string): string {
  const skipped = results.filter((r) => r.skipped !== undefined).length;
  const failed = results.filter((r) => !r.passed && r.skipped === undefined).length;
  const counts = `tests="${results.length}" failures="${failed}" errors="0" skipped="${skipped}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mldeploy verify" ${counts}>`,
    `  <testsuite name="${xmlEscape(`mldeploy verify ${url}`)}" ${counts}>`,
  ];
  for (const r of results) {
    const open = `    <testcase classname="mldeploy.verify.${r.kind}" name="${xmlEscape(r.name)}"`;
    if (r.skipped !== undefined) {
      lines.push(`${open}>`, `      <skipped message="${xmlEscape(r.skipped)}"/>`, '    </testcase>');
    } else if (!r.passed) {
      const detail = [
        `request: ${r.request.method} ${r.request.path}${r.request.body !== undefined ? ` ${r.request.body}` : ''}`,
        `expected: ${JSON.stringify(r.expected)}`,
        `actual: ${JSON.stringify(r.actual ?? null)}`,
      ].join('\n');
      lines.push(
        `${open}>`,
        `      <failure message="${xmlEscape(r.mismatches.join('; '))}" type="contract_mismatch">${xmlEscape(detail)}</failure>`,
        '    </testcase>',
      );
    } else {
      lines.push(`${open}/>`);
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

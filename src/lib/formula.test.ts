import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormulaText } from './formula.js';

describe('formula neutralisation', () => {
  it('quotes text a spreadsheet would run', () => {
    for (const s of ['=SUM(A1)', '+cmd', '-1', '@x', '\tx', '\rx', '\nx', "'=x", "''+1"])
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    for (const s of ['Ada', "O'Brien", "'quoted'", '1+1', ' =x', '']) expect(neutraliseFormula(s)).toBe(s);
  });

  it('keeps plain phone numbers in phone columns, and only there', () => {
    for (const s of ['+12125550100', '+1 (212) 555-0100', '+1 212 555 0100 ::: +44 7400 123456'])
      expect(neutraliseFormula(s, { phoneNumbers: true })).toBe(s);
    expect(neutraliseFormula('+12125550100')).toBe("'+12125550100");
    for (const s of ['+1 212 HYPERLINK', '+1 ::: =cmd', '-12125550100', '+', '+()'])
      expect(neutraliseFormula(s, { phoneNumbers: true })).toBe(`'${s}`);
  });

  it('is undone by restoreFormulaText for every string', () => {
    const texts = fc.oneof(fc.string(), fc.stringMatching(/^'*[=+\-@\t\r\n'a1 ]{0,6}$/));
    fc.assert(
      fc.property(texts, fc.boolean(), (s, phoneNumbers) => {
        expect(restoreFormulaText(neutraliseFormula(s, { phoneNumbers }))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

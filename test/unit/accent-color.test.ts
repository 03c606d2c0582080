import { describe, expect, it } from 'vitest';
import { checkAccentColor, contrast, textOn } from '../../src/domain/accent-color.js';

describe('accent colour', () => {
  it('takes #rgb and #rrggbb in any case, with or without #, as #rrggbb', () => {
    expect(checkAccentColor('#3451D1')).toBe('#3451d1');
    expect(checkAccentColor('0a7')).toBe('#00aa77');
    expect(checkAccentColor(' #FFF ')).toBe('#ffffff');
  });

  it('refuses anything else, naming it', () => {
    for (const bad of ['blue', '#12345', '#1234567', 'rgb(0,0,0)', '#ggg', '']) expect(() => checkAccentColor(bad)).toThrow(/hex colour/);
  });

  it('puts the more readable of black and white on it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(textOn('#3451d1')).toBe('#ffffff');
    expect(textOn('#ffd54f')).toBe('#000000');
    for (const accent of ['#3451d1', '#ffd54f', '#808080', '#00aa77', '#b42318'])
      expect(contrast(accent, textOn(accent))).toBeGreaterThanOrEqual(4.5);
  });
});

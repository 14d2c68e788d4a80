import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countryName } from '../i18n/index.js';
import { colourFor, MAP_COLOURS, mapClasses, renderWorldMap, worldShapes } from './world-map.js';

describe('worldShapes', () => {
  it('projects the countries of the atlas once, with ISO codes and sound paths', () => {
    const shapes = worldShapes();
    expect(shapes).not.toBeNull();
    expect(worldShapes()).toBe(shapes);
    const codes = shapes!.shapes.map((shape) => shape.code).filter((code): code is string => code !== null);
    expect(codes.length).toBeGreaterThanOrEqual(170);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ['CA', 'FR', 'CN', 'RU', 'US', 'BR', 'AU', 'ZA', 'XK']) expect(codes).toContain(code);
    expect(codes).not.toContain('AQ');
    for (const code of codes) expect(countryName(code, 'en')).not.toBe(code);
    for (const shape of shapes!.shapes) expect(shape.d).toMatch(/^(M-?\d+ -?\d+l[-\d ]+z)+$/);
  });

  it('keeps every shape inside the map, Russia and Fiji included (no streak across it)', () => {
    const shapes = worldShapes()!;
    for (const shape of shapes.shapes) {
      for (const ring of shape.d.split('z').filter(Boolean)) {
        const numbers = ring.replace(/[Ml]/g, ' ').trim().split(/ |(?=-)/).map(Number);
        let x = numbers[0] ?? 0;
        let y = numbers[1] ?? 0;
        let minX = x;
        let maxX = x;
        for (let index = 2; index + 1 < numbers.length; index += 2) {
          x += numbers[index] ?? 0;
          y += numbers[index + 1] ?? 0;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(shapes.height);
        }
        expect(minX).toBeGreaterThanOrEqual(0);
        expect(maxX).toBeLessThanOrEqual(shapes.width);
        // A ring wider than half the map would be a streak, not a country.
        expect(maxX - minX).toBeLessThan(shapes.width / 2);
      }
    }
  });
});

describe('mapClasses', () => {
  it('splits 1..max into contiguous classes, the largest count in the darkest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (max) => {
        const classes = mapClasses(max);
        expect(classes[0]?.from).toBe(1);
        expect(classes[classes.length - 1]?.to).toBe(max);
        for (let index = 1; index < classes.length; index++) expect(classes[index]?.from).toBe((classes[index - 1]?.to ?? 0) + 1);
        expect(colourFor(max, classes)).toBe(MAP_COLOURS[5]);
        expect(colourFor(0, classes)).toBe(MAP_COLOURS[0]);
      }),
    );
  });
});

describe('renderWorldMap', () => {
  it('colours countries by count, outlines home, and names those it cannot draw', () => {
    const map = renderWorldMap({ US: 1000, DE: 3, SG: 50, '??': 9, bogus: 4 }, { lang: 'fr', home: 'CA', title: 'Carte <x>' });
    expect(map.svg).toMatch(/fill="#7a1710" data-cc="US"><title>États-Unis : 1[\u00a0\u202f ]000<\/title>|fill="#7a1710" data-cc="US"><title>États-Unis: 1[\u00a0\u202f ]000<\/title>/);
    expect(map.svg).toMatch(/fill="#e6e6e6" data-cc="CA"/);
    expect(map.svg).not.toMatch(/fill="#e6e6e6" data-cc="DE"/);
    expect(map.svg).toContain('class="home"');
    expect(map.svg).toContain('aria-label="Carte &lt;x&gt;"');
    expect(map.offMap).toEqual(['SG']);
    expect(Buffer.byteLength(map.svg ?? '')).toBeLessThan(100_000);
  });
});

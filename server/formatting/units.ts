import { phraseAt, phraseTable, wordAt } from './rule.js';
import type { Token } from './tokens.js';

/**
 * Units after a number, as clinicians write them. Safe-prescribing rules (The Joint Commission's do-not-use list,
 * ISMP's error-prone abbreviations): "units" is never "U" nor "IU", micrograms are "mcg" (never "µg"), "cc" is "mL".
 */
const UNITS = phraseTable(`
milligram|milligrams|mg = mg
microgram|micrograms|mcg = mcg
gram|grams = g
kilogram|kilograms|kilo|kilos|kg = kg
nanogram|nanograms = ng
milliliter|milliliters|millilitre|millilitres|cc|ccs|ml = mL
liter|liters|litre|litres = L
deciliter|deciliters = dL
milliequivalent|milliequivalents = mEq
millimole|millimoles|mmol = mmol
unit = unit
units = units
international unit = international unit
international units|i u = international units
millimeter of mercury|millimeters of mercury|millimeters mercury = mmHg
centimeter of water|centimeters of water = cmH2O
millimeter|millimeters|mm = mm
centimeter|centimeters|cm = cm
beats per minute|beats a minute = bpm
breaths per minute|breaths a minute = breaths/min
`);

/** What may follow "per" after a unit: "milligrams per kilogram per day" is mg/kg/day. */
const PER = phraseTable(`
kilogram|kilo|kg = kg
minute = min
hour = h
day = day
week = week
liter|litre = L
milliliter|millilitre = mL
deciliter = dL
dose = dose
`);

/**
 * Words that count or measure, written in full, after which a number is always in digits ("2 tablets", "3 days"),
 * as a measurement is.
 */
export const COUNTED = new Set(
  `tablet tablets capsule capsules puff puffs drop drops spray sprays patch patches dose doses vial vials ampule ampules
  suppository suppositories pack packs cigarette cigarettes drink drinks second seconds minute minutes hour hours day days
  week weeks month months year years times french gauge beats breaths stitches sutures centimeter-wide fingerbreadths
  fingerbreadth`.split(/\s+/),
);

/** A unit at `at` ("mg", "mg/kg/day"), as [written, end]; the words "per <unit>" after it join with a slash. */
export function unitAt(tokens: readonly Token[], at: number): [string, number] | null {
  const unit = phraseAt(tokens, at, UNITS.table, UNITS.longest);
  if (!unit) return null;
  let [written, end] = unit;
  for (;;) {
    const per = wordAt(tokens, end) === 'per' ? phraseAt(tokens, end + 1, PER.table, PER.longest) : null;
    if (!per) return [written, end];
    written += `/${per[0]}`;
    end = per[1];
  }
}

/** "percent", "degrees Celsius", "degrees": written glued to the number. */
export function symbolAt(tokens: readonly Token[], at: number): [string, number] | null {
  const w = (i: number) => wordAt(tokens, i);
  if (w(at) === 'percent') return ['%', at + 1];
  if (w(at) === 'per' && w(at + 1) === 'cent') return ['%', at + 2];
  if (w(at) === 'degree' || w(at) === 'degrees') {
    const scale = w(at + 1);
    if (scale === 'celsius' || scale === 'centigrade') return ['°C', at + 2];
    if (scale === 'fahrenheit') return ['°F', at + 2];
    return ['°', at + 1];
  }
  return null;
}

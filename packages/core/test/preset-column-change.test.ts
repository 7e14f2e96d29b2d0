// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { describe, expect, it } from 'vitest';
import { presetColumnChange } from '../src/preset-column-change.js';
import { presets } from '../src/presets/index.js';

describe('presetColumnChange reads back what a preset changes', () => {
  const target = { schema: 'public', table: 'orders', column: 'id' };
  it.each([
    [presets.serialToIdentity({ table: 'orders', column: 'id' }), { kind: 'serialToIdentity', ...target, generated: 'byDefault' }],
    [presets.serialToIdentity({ table: 'orders', column: 'id', always: true }), { kind: 'serialToIdentity', ...target, generated: 'always' }],
    [presets.resyncSequence({ table: 'orders', column: 'id' }), { kind: 'resyncSequence', ...target }],
    [presets.int4ToInt8({ table: 'orders', column: 'id' }), { kind: 'int4ToInt8', ...target }],
    [presets.jsonToJsonb({ table: 'orders', column: 'id' }), { kind: 'jsonToJsonb', ...target }],
    [presets.floatToNumeric({ table: 'orders', column: 'id' }), { kind: 'floatToNumeric', ...target, from: 'float8' }],
    [presets.floatToNumeric({ table: 'orders', column: 'id', precision: 12, scale: 2 }), { kind: 'floatToNumeric', ...target, from: 'float8', precision: 12, scale: 2 }],
    [presets.timestampToTimestamptz({ table: 'orders', column: 'id', fromZone: 'Europe/Paris' }), { kind: 'timestampToTimestamptz', ...target, fromZone: 'Europe/Paris' }],
  ])('%#: %o', (preset, expected) => {
    expect(presetColumnChange(preset)).toEqual(expected);
  });

  it('keeps odd names: quotes, backslashes, dots, spaces, case', () => {
    const preset = presets.jsonToJsonb({ schema: 'My "S".x', table: "O'Rders\\1", column: 'Pay Load' });
    expect(presetColumnChange(preset)).toEqual({ kind: 'jsonToJsonb', schema: 'My "S".x', table: "O'Rders\\1", column: 'Pay Load' });
  });

  it('is undefined for SQL that is not a core preset', () => {
    expect(presetColumnChange({ name: 'custom', up: 'SELECT 1', down: null, description: '' })).toBeUndefined();
    expect(presetColumnChange({ name: 'json_to_jsonb_x', up: 'SELECT 1', down: null, description: '' })).toBeUndefined();
  });
});

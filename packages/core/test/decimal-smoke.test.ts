import { expect, test } from 'vitest';
import { Decimal, decimalFromText } from '../src/decimal.js';
test('decimal', () => { expect(decimalFromText('1.50').equals(new Decimal('1.5'))).toBe(true); });

/**
 * The admin app's words: every reason nilai gives for not sending a survey has a text in English and
 * Indonesian (a missing one showed as "not targeted contact field"), and both languages have the same keys.
 */
import { describe, expect, it } from 'vitest';
import { SKIP_REASONS } from '../../src/domain/eligibility.js';
import en from '../../web/src/locales/en.js';
import id from '../../web/src/locales/id.js';

/** Every leaf key path of a nested words object ("conversation.skipReasons.cooldown"). */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('admin app words', () => {
  it.each([['en', en], ['id', id]] as const)('%s names every skip reason', (_, words) => {
    for (const reason of SKIP_REASONS) {
      const text = (words.conversation.skipReasons as Record<string, string>)[reason];
      expect(text, reason).toBeTruthy();
      expect(text).not.toContain('_');
    }
  });

  it('has the same keys in both languages', () => {
    expect(keys(id).sort()).toEqual(keys(en).sort());
  });
});

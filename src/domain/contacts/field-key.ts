/** Keys are what integrators send (`contact.attributes.tier`): lower-case, stable, never reused. */
export const FIELD_KEY_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

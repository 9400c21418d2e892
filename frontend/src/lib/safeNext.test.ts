import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './safeNext';

describe('safeNext', () => {
  it('allows same-site paths only', () => {
    expect(safeNext('/w/1/teams?x=1')).toBe('/w/1/teams?x=1');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/signin?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('builds the sign-in address', () => {
    expect(signInPath('/w/1/teams')).toBe('/signin?next=%2Fw%2F1%2Fteams');
    expect(signInPath('/')).toBe('/signin');
  });
});

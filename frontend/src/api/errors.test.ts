import { describe, expect, it } from 'vitest';
import { ApiError, messageOf, toFieldErrors } from './errors';

const validation = (details: unknown) =>
  ApiError.fromResponse(
    new Response(null, { status: 422 }),
    { error: { code: 'validation_error', message: 'Invalid input', details } },
  );

describe('toFieldErrors', () => {
  it('maps body.<field> to the form field', () => {
    const err = validation([
      { field: 'body.tone', message: 'Input should be less than or equal to 2', type: 'less_than_equal' },
      { field: 'body.name', message: 'Field required', type: 'missing' },
    ]);
    expect(toFieldErrors(err)).toEqual({
      fieldErrors: { tone: 'Input should be less than or equal to 2', name: 'Field required' },
      formError: null,
    });
  });

  it('keeps nested paths and gives list items to the list input', () => {
    const err = validation([
      { field: 'body.ratings.empathy', message: 'Too high', type: 'x' },
      { field: 'body.tags.2', message: 'Too long', type: 'x' },
      { field: 'body.tags.5', message: 'Empty', type: 'x' },
    ]);
    expect(toFieldErrors(err).fieldErrors).toEqual({ 'ratings.empathy': 'Too high', tags: 'Too long; Empty' });
  });

  it('applies rename and prefix, for nested forms such as concerns.1.text', () => {
    const err = validation([{ field: 'body.text', message: 'Field required', type: 'missing' }]);
    expect(toFieldErrors(err, { prefix: 'concerns.1.' }).fieldErrors).toEqual({ 'concerns.1.text': 'Field required' });
    expect(toFieldErrors(err, { rename: { text: 'body' } }).fieldErrors).toEqual({ body: 'Field required' });
  });

  it('puts query, path and unknown fields in the form-level message', () => {
    const err = validation([
      { field: 'query.limit', message: 'Too big', type: 'x' },
      { field: 'body.secret', message: 'Extra inputs are not permitted', type: 'extra_forbidden' },
      { field: 'body.name', message: 'Too long', type: 'x' },
    ]);
    expect(toFieldErrors(err, { known: ['name'] })).toEqual({
      fieldErrors: { name: 'Too long' },
      formError: 'query.limit: Too big\nsecret: Extra inputs are not permitted',
    });
  });

  it('uses the message when an error names no field (409, 403, 404)', () => {
    const err = ApiError.fromResponse(new Response(null, { status: 409 }), {
      error: { code: 'conflict', message: 'The last owner cannot be removed', details: null },
    });
    expect(toFieldErrors(err)).toEqual({ fieldErrors: {}, formError: 'The last owner cannot be removed' });
  });

  it('explains a network failure', () => {
    expect(toFieldErrors(new TypeError('Failed to fetch')).formError).toBe(
      'Could not reach the server. Check your connection.',
    );
  });
});

describe('ApiError.fromResponse', () => {
  it('reads the error shape', () => {
    const err = ApiError.fromResponse(new Response(null, { status: 403 }), {
      error: { code: 'forbidden', message: 'Owners only', details: null },
    });
    expect([err.status, err.code, err.message, err.details]).toEqual([403, 'forbidden', 'Owners only', []]);
  });

  it('copes with a body that is not the API shape (a proxy error page)', () => {
    const err = ApiError.fromResponse(new Response(null, { status: 502, statusText: 'Bad Gateway' }), '<html>');
    expect(err.code).toBe('server_error');
    expect(err.message).toMatch(/server had a problem/);
  });

  it('keeps Retry-After for 429', () => {
    const err = ApiError.fromResponse(new Response(null, { status: 429, headers: { 'Retry-After': '30' } }), {
      error: { code: 'rate_limited', message: 'Too many attempts.', details: { retry_after: 30 } },
    });
    expect(err.details).toEqual([]);
    expect(messageOf(err)).toBe('Too many attempts. Try again in 30 s.');
  });
});

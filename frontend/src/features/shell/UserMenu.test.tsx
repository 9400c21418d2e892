import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderPage } from '../../test/utils';
import { UserMenu } from './UserMenu';

describe('<UserMenu>', () => {
  it('names the signed-in person in full, for the screen reader and on hover', async () => {
    const name = 'Alex Morgan (implementation lead)';
    mockApi({ 'GET /api/v1/auth/me': () => json({ id: 'u1', email: 'alex@example.org', name }) });
    renderPage(<UserMenu />);
    const button = await screen.findByRole('button', { name: `Account: ${name}` });
    expect(button.querySelector(`[title="${name}"]`)).toHaveTextContent(name);
  });
});

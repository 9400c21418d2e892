import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

  it('has a person icon for a phone header, and says who is signed in and their role in the menu', async () => {
    mockApi({ 'GET /api/v1/auth/me': () => json({ id: 'u1', email: 'alex@example.org', name: 'Alex Morgan' }) });
    renderPage(<UserMenu role="Viewer" />);
    const button = await screen.findByRole('button', { name: 'Account: Alex Morgan' });
    expect(button).toContainElement(screen.getByTestId('account-icon'));
    await userEvent.click(button);
    const menu = await screen.findByRole('menu');
    expect(menu).toHaveTextContent('Alex Morgan');
    expect(menu).toHaveTextContent('alex@example.org');
    expect(screen.getByTestId('menu-role')).toHaveTextContent('Your role here: Viewer');
  });

  it('names no role outside a workspace', async () => {
    mockApi({ 'GET /api/v1/auth/me': () => json({ id: 'u1', email: 'alex@example.org', name: '' }) });
    renderPage(<UserMenu />);
    await userEvent.click(await screen.findByRole('button', { name: 'Account: alex@example.org' }));
    expect(await screen.findByRole('menu')).toHaveTextContent('alex@example.org');
    expect(screen.queryByTestId('menu-role')).toBeNull();
  });
});
